import { DASHBOARD_HTML } from './dashboard.page';
import { DASHBOARD_SCRIPT } from './dashboard.script';

describe('dashboard page', () => {
  it('carries a script that parses', () => {
    expect(() => new Function(DASHBOARD_SCRIPT)).not.toThrow();
  });

  it('loads nothing from outside the service', () => {
    expect(DASHBOARD_HTML).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('calls the routes a mine manager needs', () => {
    for (const route of ['/fleet/idle/stream', '/fleet/holds', '/insights/holds', '/scenarios', '/projections/uptime', '/projections/spares-plan', '/imports', '/reports/turnaround']) {
      expect(DASHBOARD_HTML).toContain(`'${route}`);
    }
  });
});
