/** The dashboard's stylesheet: a responsive card grid; every table scrolls inside its card instead of overflowing it. */
export const DASHBOARD_CSS = `
  * { box-sizing: border-box; }
  body { font: 14px/1.45 system-ui, sans-serif; margin: 0; background: #f5f6f8; color: #1d2330; }
  header { background: #1d2330; color: #fff; padding: 10px 20px; display: flex; gap: 12px 16px; align-items: center; flex-wrap: wrap; }
  header h1 { font-size: 18px; margin: 0 12px 0 0; }
  header input { max-width: 100%; }
  main { padding: 16px 20px; display: grid; grid-template-columns: repeat(auto-fit, minmax(min(340px, 100%), 1fr)); gap: 16px; max-width: 1600px; margin: 0 auto; }
  section { background: #fff; border-radius: 8px; padding: 12px 16px; box-shadow: 0 1px 2px rgba(0,0,0,.08); min-width: 0; }
  section.wide { grid-column: 1 / -1; }
  h2 { font-size: 15px; margin: 0 0 8px; }
  h3 { font-size: 13px; margin: 14px 0 6px; text-transform: uppercase; letter-spacing: .03em; color: #4b5563; }
  .narrow { max-width: 760px; }
  .scroll { overflow-x: auto; max-width: 100%; }
  table { width: 100%; border-collapse: collapse; }
  th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid #eee; white-space: nowrap; }
  th { font-weight: 600; color: #4b5563; font-size: 12px; }
  td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
  td.wrap { white-space: normal; min-width: 160px; }
  tr.total td { font-weight: 600; border-top: 2px solid #d1d5db; }
  .big { font-size: 32px; font-weight: 600; transition: background-color .6s; border-radius: 4px; padding: 0 4px; }
  .big.changed { background: #fde68a; }
  .muted { color: #6b7280; }
  .note { color: #4b5563; font-size: 13px; margin: 6px 0; }
  .status { font-size: 12px; }
  .status.live::before { content: '● '; color: #22c55e; }
  input, select, button { font: inherit; padding: 4px 6px; }
  button { cursor: pointer; border: 1px solid #9ca3af; border-radius: 4px; background: #f9fafb; }
  button.primary { background: #2563eb; border-color: #2563eb; color: #fff; }
  button.link { border: none; background: none; color: #2563eb; padding: 0 2px; }
  button:disabled { opacity: .6; cursor: progress; }
  form { display: flex; flex-wrap: wrap; gap: 6px 14px; align-items: flex-end; }
  form label { display: flex; flex-direction: column; font-size: 12px; color: #4b5563; }
  form input[type=number] { width: 110px; }
  fieldset { border: none; padding: 0; margin: 0; display: contents; }
  .actions { display: flex; gap: 8px; align-items: center; }
  .stats { display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: 8px; margin: 10px 0; }
  .stat { background: #f3f4f6; border-radius: 6px; padding: 8px 10px; }
  .stat .value { font-size: 20px; white-space: nowrap; font-weight: 600; font-variant-numeric: tabular-nums; }
  .stat .label { font-size: 12px; color: #4b5563; }
  .stat.bad .value { color: #b91c1c; }
  .stat.good .value { color: #15803d; }
  .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(320px, 100%), 1fr)); gap: 12px; }
  .chart svg { width: 100%; height: auto; display: block; }
  .chart .band { fill: #93c5fd; opacity: .55; }
  .chart .mean { fill: none; stroke: #1d4ed8; stroke-width: 2; }
  .chart .axis { stroke: #d1d5db; }
  .chart .marker { stroke: #dc2626; stroke-dasharray: 4 3; }
  .chart text { font-size: 12px; fill: #4b5563; }
  .chart .hover { fill: transparent; }
  .chart .hover:hover { fill: rgba(37, 99, 235, .15); }
  .legend { font-size: 12px; color: #4b5563; }
  .legend i { display: inline-block; width: 14px; height: 8px; margin: 0 4px 0 10px; vertical-align: middle; }
  .error { background: #fef2f2; border: 1px solid #fecaca; color: #991b1b; border-radius: 6px; padding: 8px 12px; margin-top: 10px; }
  .error ul { margin: 4px 0 0; padding-left: 18px; }
  .badge { font-size: 11px; padding: 1px 6px; border-radius: 8px; background: #e5e7eb; }
  .badge.warn { background: #fef3c7; color: #92400e; }
  .badge.ok { background: #dcfce7; color: #166534; }
  details { margin-top: 10px; }
  summary { cursor: pointer; color: #2563eb; }
`;
