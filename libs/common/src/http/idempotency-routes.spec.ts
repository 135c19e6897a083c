import { Controller, Get, Post, UseInterceptors } from '@nestjs/common';
import { IdempotencyInterceptor, writeRoutesWithoutIdempotency } from './idempotency';

@Controller('forgotten')
class ForgottenController {
  @Get()
  list(): void {}

  @Post()
  create(): void {}
}

@Controller('guarded')
@UseInterceptors(IdempotencyInterceptor)
class GuardedController {
  @Post()
  create(): void {}
}

@Controller('per-handler')
class PerHandlerController {
  @Post()
  @UseInterceptors(IdempotencyInterceptor)
  create(): void {}

  @Post('other')
  other(): void {}
}

describe('writeRoutesWithoutIdempotency', () => {
  it('names the write routes that carry IdempotencyInterceptor neither on their controller nor on themselves', () => {
    expect(writeRoutesWithoutIdempotency([ForgottenController, GuardedController, PerHandlerController])).toEqual([
      'ForgottenController.create',
      'PerHandlerController.other',
    ]);
  });
});
