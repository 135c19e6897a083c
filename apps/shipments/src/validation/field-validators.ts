import { isHtsCode, isRatePct, isUsdAmount } from '@app/common/domain';
import { registerDecorator, ValidationOptions } from 'class-validator';
import { isCalendarDate } from '../tariffs/tariff.rules';

function fieldDecorator(name: string, message: string, test: (value: unknown) => boolean, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} ${message}`, ...options },
      validator: { validate: test },
    });
}

/** HTS code, 2–10 digits, dots optional. */
export const IsHtsCode = (options?: ValidationOptions) =>
  fieldDecorator('isHtsCode', 'must be an HTS code of 2–10 digits, dots optional (8543.70.99 or 85437099)', (value) => typeof value === 'string' && isHtsCode(value), options);

/** A non-negative USD amount as a decimal string with at most two decimals. */
export const IsUsdAmount = (options?: ValidationOptions) =>
  fieldDecorator('isUsdAmount', 'must be a USD amount as a decimal string such as "550.00"', (value) => typeof value === 'string' && isUsdAmount(value), options);

/** A percentage as a number or decimal string (at most 6 decimals). */
export const IsRatePct = (options?: ValidationOptions) =>
  fieldDecorator('isRatePct', 'must be a percentage ≥ 0 as a number or decimal string (e.g. 55 or "24.5")', (value) => (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) && isRatePct(value), options);

/** A real calendar day, YYYY-MM-DD. */
export const IsCalendarDate = (options?: ValidationOptions) =>
  fieldDecorator('isCalendarDate', 'must be a date YYYY-MM-DD', (value) => typeof value === 'string' && isCalendarDate(value), options);
