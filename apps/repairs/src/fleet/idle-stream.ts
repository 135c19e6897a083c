import { Injectable, MessageEvent } from '@nestjs/common';
import { defer, distinctUntilChanged, exhaustMap, interval, map, merge, Observable, of, shareReplay, throttleTime, catchError, EMPTY } from 'rxjs';
import { FleetService } from './fleet.service';
import { IdleNotifier } from './idle-notifier';

const COALESCE_MS = 250;
/** Catches changes made by other replicas (and holds), which this process is not told about. */
const POLL_MS = 1000;

/**
 * One shared computation for every connected client: on connect they get the latest snapshot, then a
 * message whenever the counts change, at most about four a second however fast tickets move.
 */
@Injectable()
export class IdleStream {
  readonly updates$: Observable<MessageEvent>;

  constructor(fleet: FleetService, notifier: IdleNotifier) {
    this.updates$ = merge(of(undefined), notifier.changes$, interval(POLL_MS)).pipe(
      throttleTime(COALESCE_MS, undefined, { leading: true, trailing: true }),
      exhaustMap(() => defer(() => fleet.idle()).pipe(catchError(() => EMPTY))),
      map((snapshot) => ({ snapshot, key: JSON.stringify({ ...snapshot, asOf: undefined }) })),
      distinctUntilChanged((a, b) => a.key === b.key),
      map(({ snapshot }) => ({ type: 'idle', data: snapshot }) as MessageEvent),
      shareReplay({ bufferSize: 1, refCount: true }),
    );
  }
}
