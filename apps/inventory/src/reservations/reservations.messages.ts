import { InventoryRequests, RequestResponders } from '@app/common';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { ReservationsService } from './reservations.service';

/** Request-reply for repairs: reserve (idempotent by requestId), release, consume. Thin, like controllers. */
@Injectable()
export class ReservationsMessages implements OnModuleInit {
  constructor(
    private readonly responders: RequestResponders,
    private readonly reservations: ReservationsService,
  ) {}

  onModuleInit(): void {
    this.responders.answer(InventoryRequests.reserve, (request) => this.reservations.reserveForRequest(request));
    this.responders.answer(InventoryRequests.release, async (request) => {
      const reservation = await this.reservations.release(request.reservationId);
      return { reservationId: reservation.id, status: reservation.status };
    });
    this.responders.answer(InventoryRequests.consume, async (request) => {
      const reservation = await this.reservations.consume(request.reservationId, request);
      return { reservationId: reservation.id, status: reservation.status, serials: reservation.serials };
    });
  }
}
