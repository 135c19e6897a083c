import { Injectable, PipeTransform } from '@nestjs/common';
import { NotFound } from '../errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id that is not even a UUID names nothing: 404, like any unknown id. */
@Injectable()
export class UuidParam implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UUID.test(value)) throw new NotFound('resource', value);
    return value.toLowerCase();
  }
}
