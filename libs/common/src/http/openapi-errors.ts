import type { OpenAPIObject } from '@nestjs/swagger';
import { PUBLIC_OPERATION_EXTENSION } from './auth/roles';

const ERROR_SCHEMA = 'ErrorBody';

const ERROR_BODY_SCHEMA = {
  type: 'object',
  required: ['statusCode', 'error', 'message'],
  properties: {
    statusCode: { type: 'integer', example: 400 },
    error: { type: 'string', example: 'Bad Request' },
    message: { type: 'array', items: { type: 'string' }, example: ['quantity: quantity must not be less than 1'] },
    code: { type: 'string', description: 'Stable machine-readable reason, e.g. insufficient_stock, illegal_transition' },
    details: { type: 'object', additionalProperties: true },
  },
};

const DESCRIPTIONS: Record<string, string> = {
  '400': 'Bad input: every bad field named in `message`; unknown fields and malformed JSON are refused',
  '401': 'No API key, or an unknown or revoked one',
  '403': "The key's role may not call this route",
  '404': 'An id or code in the path names nothing',
  '413': 'JSON body over 1 MiB',
  '422': 'Idempotency-Key already used with another body',
  '429': 'Rate limit of the key exceeded; see Retry-After',
};

/**
 * Every route answers errors in one shape; this writes that into the OpenAPI document once, so
 * each operation lists the errors the platform can give it (a route's own 409/503 stay as declared).
 */
export function documentErrorResponses(document: OpenAPIObject): OpenAPIObject {
  document.components ??= {};
  document.components.schemas ??= {};
  document.components.schemas[ERROR_SCHEMA] = ERROR_BODY_SCHEMA;
  const reference = { $ref: `#/components/schemas/${ERROR_SCHEMA}` };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item) as Array<[string, { responses?: Record<string, unknown>; security?: unknown[]; parameters?: unknown[]; requestBody?: unknown; [PUBLIC_OPERATION_EXTENSION]?: boolean }]>) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const codes: string[] = [];
      if (operation[PUBLIC_OPERATION_EXTENSION]) operation.security = [];
      else codes.push('401', '403', '429');
      if (operation.requestBody || (operation.parameters?.length ?? 0) > 0) codes.push('400');
      if (path.includes('{')) codes.push('404');
      if (method !== 'get') codes.push('422');
      if (operation.requestBody && method !== 'get') codes.push('413');
      operation.responses ??= {};
      for (const code of codes) {
        const existing = operation.responses[code] as { description?: string; content?: unknown } | undefined;
        operation.responses[code] = {
          description: existing?.description ?? DESCRIPTIONS[code],
          content: { 'application/json': { schema: reference } },
        };
      }
      for (const [code, response] of Object.entries(operation.responses)) {
        const declared = response as { content?: unknown };
        if (Number(code) >= 400 && !declared.content) declared.content = { 'application/json': { schema: reference } };
      }
    }
  }
  return document;
}
