import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Subscription } from 'nats';
import { DataSource } from 'typeorm';
import { SERVICE_CONFIG, type ServiceConfig } from '../../config/service-config';
import { API_KEY_REVOKED_SUBJECT } from '../../contracts/streams';
import { NotFound } from '../../errors';
import { NatsConnectionHolder } from '../../messaging/nats-connection';
import { rowsOf } from '../../messaging/transactions';
import { Role } from './roles';

export interface ApiKeyPrincipal {
  id: string;
  name: string;
  role: Role;
}

export interface ApiKeySummary extends ApiKeyPrincipal {
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
}

/** A short TTL bounds how long a revocation missed by a NATS outage could linger in another service's cache. */
const CACHE_TTL_MS = 30_000;
const CACHE_MAX_ENTRIES = 10_000;

/** SHA-256 is right here: keys are 32 random bytes, so a slow password hash would only cost every request. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/**
 * API keys live in one store shared by the three services; each keeps a small cache of verified
 * keys that a revocation, announced over NATS, clears at once everywhere. Unknown keys are never
 * cached, so a new key works on every service as soon as it is created.
 */
@Injectable()
export class ApiKeysService implements OnApplicationShutdown {
  private readonly logger = new Logger('api-keys');
  private readonly cache = new Map<string, { principal: ApiKeyPrincipal; expiresAt: number }>();
  private subscription?: Subscription;

  constructor(
    private readonly dataSource: DataSource,
    private readonly nats: NatsConnectionHolder,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  listenForRevocations(): void {
    this.subscription = this.nats.nc.subscribe(API_KEY_REVOKED_SUBJECT, {
      callback: (error, message) => {
        if (!error) this.forget(message.string());
      },
    });
  }

  async ensureBootstrapAdmin(): Promise<void> {
    const key = this.config.bootstrapAdminKey;
    if (!key) return;
    await this.dataSource.query(
      `INSERT INTO auth.api_keys (id, name, role, key_hash, created_by) VALUES ($1, 'bootstrap-admin', 'admin', $2, 'BOOTSTRAP_ADMIN_KEY')
       ON CONFLICT (key_hash) DO UPDATE SET revoked_at = NULL, role = 'admin'`,
      [randomUUID(), hashApiKey(key)],
    );
  }

  async verify(key: string): Promise<ApiKeyPrincipal | undefined> {
    const hash = hashApiKey(key);
    const cached = this.cache.get(hash);
    if (cached && cached.expiresAt > Date.now()) return cached.principal;
    const rows: ApiKeyPrincipal[] = await this.dataSource.query(
      `SELECT id, name, role FROM auth.api_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
      [hash],
    );
    if (rows.length === 0) {
      this.cache.delete(hash);
      return undefined;
    }
    if (this.cache.size >= CACHE_MAX_ENTRIES) this.cache.clear();
    this.cache.set(hash, { principal: rows[0], expiresAt: Date.now() + CACHE_TTL_MS });
    return rows[0];
  }

  async create(name: string, role: Role, createdBy: string): Promise<ApiKeyPrincipal & { key: string }> {
    const key = `fuk_${randomBytes(32).toString('base64url')}`;
    const id = randomUUID();
    await this.dataSource.query(
      `INSERT INTO auth.api_keys (id, name, role, key_hash, created_by) VALUES ($1, $2, $3, $4, $5)`,
      [id, name, role, hashApiKey(key), createdBy],
    );
    return { id, name, role, key };
  }

  async list(limit: number, afterCreatedAt?: { createdAt: string; id: string }): Promise<ApiKeySummary[]> {
    const rows = await this.dataSource.query(
      `SELECT id, name, role, created_at, created_by, revoked_at FROM auth.api_keys
        WHERE ($1::timestamptz IS NULL OR (created_at, id) > ($1::timestamptz, $2::uuid))
        ORDER BY created_at, id LIMIT $3`,
      [afterCreatedAt?.createdAt ?? null, afterCreatedAt?.id ?? null, limit],
    );
    return rows.map((row: Record<string, unknown>) => ({
      id: row.id as string,
      name: row.name as string,
      role: row.role as Role,
      createdAt: (row.created_at as Date).toISOString(),
      createdBy: row.created_by as string,
      revokedAt: row.revoked_at ? (row.revoked_at as Date).toISOString() : null,
    }));
  }

  async revoke(id: string): Promise<void> {
    const rows = rowsOf(
      await this.dataSource.query(`UPDATE auth.api_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 RETURNING id`, [id]),
    );
    if (rows.length === 0) throw new NotFound('API key', id);
    this.forget(id);
    try {
      this.nats.nc.publish(API_KEY_REVOKED_SUBJECT, id);
      await this.nats.nc.flush();
    } catch (error) {
      this.logger.warn(`revocation of ${id} not broadcast (${String(error)}); other services drop it within ${CACHE_TTL_MS / 1000} s`);
    }
  }

  private forget(id: string): void {
    for (const [hash, entry] of this.cache) {
      if (entry.principal.id === id) this.cache.delete(hash);
    }
  }

  onApplicationShutdown(): void {
    this.subscription?.unsubscribe();
  }
}
