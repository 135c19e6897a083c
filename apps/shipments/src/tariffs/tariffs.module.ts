import { Module } from '@nestjs/common';
import { TariffsController } from './tariffs.controller';
import { TariffsRepository } from './tariffs.repository';
import { TariffsService } from './tariffs.service';

@Module({
  controllers: [TariffsController],
  providers: [TariffsRepository, TariffsService],
  exports: [TariffsService],
})
export class TariffsModule {}
