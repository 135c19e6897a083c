import { applyDecorators } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsString, MaxLength, validate, ValidationError } from 'class-validator';
import { MAX_SERIAL_LENGTH } from './domain/serials';

/** A DTO field listing serials, one per unit: at most `maxItems` non-empty strings of at most MAX_SERIAL_LENGTH characters. */
export const SerialList = (maxItems: number): PropertyDecorator =>
  applyDecorators(IsArray(), ArrayMaxSize(maxItems), IsString({ each: true }), IsNotEmpty({ each: true }), MaxLength(MAX_SERIAL_LENGTH, { each: true }));

/** Flattens class-validator errors to one message per bad field, with its path ("lines.0.sku: ..."). */
export function describeValidationErrors(errors: ValidationError[], parentPath = ''): string[] {
  const messages: string[] = [];
  for (const error of errors) {
    const path = parentPath ? `${parentPath}.${error.property}` : error.property;
    for (const constraint of Object.values(error.constraints ?? {})) {
      messages.push(`${path}: ${constraint}`);
    }
    if (error.children?.length) messages.push(...describeValidationErrors(error.children, path));
  }
  return messages;
}

/** Turns a plain object into a validated instance of `type`, or answers the messages naming each bad field. */
export async function validatePayload<T extends object>(
  type: new () => T,
  plain: unknown,
  options: { forbidUnknown?: boolean } = {},
): Promise<{ value: T; errors: [] } | { value?: undefined; errors: string[] }> {
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) {
    return { errors: ['body: must be a JSON object'] };
  }
  const value = plainToInstance(type, plain);
  const errors = await validate(value, {
    whitelist: options.forbidUnknown ?? false,
    forbidNonWhitelisted: options.forbidUnknown ?? false,
  });
  return errors.length ? { errors: describeValidationErrors(errors) } : { value, errors: [] };
}
