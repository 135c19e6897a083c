/** Domain errors of the projection core; the service maps `code` to an HTTP status (both are client errors). */
export abstract class ProjectionError extends Error {
  abstract readonly code: string;

  constructor(
    message: string,
    readonly details: string[] = [message],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** An input that cannot describe a fleet (negative rates, fractions above 1, unknown names). */
export class ProjectionInputError extends ProjectionError {
  readonly code = 'PROJECTION_INPUT_INVALID';
}

/** A request that is valid but too large to simulate (horizon or runs × horizon beyond the contract's limits). */
export class ProjectionLimitError extends ProjectionError {
  readonly code = 'PROJECTION_LIMIT_EXCEEDED';
}

/** Throws one ProjectionInputError naming every problem, so a 400 can list all bad fields at once. */
export function assertNoProblems(problems: string[]): void {
  if (problems.length > 0) throw new ProjectionInputError(problems.join('; '), problems);
}
