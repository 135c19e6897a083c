/** One JetStream stream per service; every service ensures all three so consumers can bind in any start order. */
export interface StreamDefinition {
  name: string;
  subjects: string[];
}

export const STREAMS = {
  inventory: { name: 'INVENTORY', subjects: ['inventory.>'] },
  repairs: { name: 'REPAIRS', subjects: ['repairs.>'] },
  shipments: { name: 'SHIPMENTS', subjects: ['shipments.>'] },
} as const satisfies Record<string, StreamDefinition>;

/** Streams keep events 7 days; consumers' inboxes keep handled ids longer (see INBOX_RETENTION_DAYS). */
export const STREAM_MAX_AGE_DAYS = 7;
/** JetStream drops a re-published msgID inside this window; consumers stay idempotent beyond it. */
export const STREAM_DUPLICATE_WINDOW_MINUTES = 10;

/** Core NATS subject on which a revoked API key is announced, so every service drops it from its cache. */
export const API_KEY_REVOKED_SUBJECT = 'platform.api-keys.revoked';
