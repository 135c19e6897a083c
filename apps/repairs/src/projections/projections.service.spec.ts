import { InvalidInput, ServiceUnavailable } from '@app/common';
import { ProjectionInputError, ProjectionLimitError, SimulationWorkerError } from '../projection';
import { asDomainError } from './projections.service';

describe('asDomainError', () => {
  it('maps the core’s input and limit errors to a 400 naming each problem', () => {
    const input = asDomainError(new ProjectionInputError('x', ['pools[0].spares must be an integer >= 0', 'horizonDays must be >= 0']));
    expect(input).toBeInstanceOf(InvalidInput);
    expect((input as InvalidInput).messages).toEqual(['pools[0].spares must be an integer >= 0', 'horizonDays must be >= 0']);
    const limit = asDomainError(new ProjectionLimitError('runs x horizonDays must be at most 1000000'));
    expect((limit as InvalidInput).messages).toEqual(['runs x horizonDays must be at most 1000000']);
  });

  it('maps a failed worker to 503 and leaves other errors alone', () => {
    expect(asDomainError(new SimulationWorkerError('timeout'))).toBeInstanceOf(ServiceUnavailable);
    const other = new Error('boom');
    expect(asDomainError(other)).toBe(other);
  });
});
