import { Injectable } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';

/** Says "idle counts may have changed"; the stream coalesces and recomputes, so a burst costs one read. */
@Injectable()
export class IdleNotifier {
  private readonly changes = new Subject<void>();
  readonly changes$: Observable<void> = this.changes.asObservable();

  changed(): void {
    this.changes.next();
  }
}
