import { BeforeApplicationShutdown, Injectable, MessageEvent } from '@nestjs/common';
import {
  catchError, defer, distinctUntilChanged, EMPTY, exhaustMap, interval, map, merge, Observable, of, shareReplay, Subject, takeUntil, throttleTime,
} from 'rxjs';
import { FleetService, IDLE_FRESH_MS } from './fleet.service';
import { IdleNotifier } from './idle-notifier';

const COALESCE_MS = 250;
/** Catches changes made by other replicas, which this process is not told about (the cache keeps an answer at most this long). */
const POLL_MS = 1000;

/**
 * One shared computation for every connected client, off the same cached answer as GET /fleet/idle: on
 * connect they get the latest snapshot, then a message whenever the counts change, at most about four
 * a second however fast tickets move. The data is the answer's JSON, serialised once for all clients.
 */
@Injectable()
export class IdleStream implements BeforeApplicationShutdown {
  readonly updates$: Observable<MessageEvent>;
  private readonly closing$ = new Subject<void>();

  constructor(fleet: FleetService, notifier: IdleNotifier) {
    this.updates$ = merge(of(undefined), notifier.changes$, interval(Math.max(POLL_MS, IDLE_FRESH_MS))).pipe(
      throttleTime(COALESCE_MS, undefined, { leading: true, trailing: true }),
      exhaustMap(() => defer(() => fleet.current()).pipe(catchError(() => EMPTY))),
      distinctUntilChanged((a, b) => a.key === b.key),
      map((snapshot) => ({ type: 'idle', data: snapshot.body.toString('utf8') }) as MessageEvent),
      shareReplay({ bufferSize: 1, refCount: true }),
      takeUntil(this.closing$),
    );
  }

  /** Ends every open stream, so the HTTP server can close instead of waiting on dashboards that never hang up. */
  beforeApplicationShutdown(): void {
    this.closing$.next();
    this.closing$.complete();
  }
}
