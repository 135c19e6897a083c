import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { FastifyReply, FastifyRequest } from 'fastify';
import { SERVICE_CONFIG, type ServiceConfig } from '../../config/service-config';
import { Forbidden, TooManyRequests, Unauthorized } from '../../errors';
import { identifyCaller } from '../../request-context';
import { ApiKeyPrincipal, ApiKeysService } from './api-keys.service';
import { ALLOWED_ROLES, PUBLIC_ROUTE, Role, ROLES } from './roles';
import { RateLimiter } from './rate-limiter';

export interface AuthenticatedRequest extends FastifyRequest {
  principal?: ApiKeyPrincipal;
}

/** Bearer API key, then role, then the key's rate limit: 401, 403, 429 in that order. */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly rateLimiter: RateLimiter;

  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
  ) {
    this.rateLimiter = new RateLimiter(config.rateLimitPerSecond);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) throw new Unauthorized();
    const principal = await this.apiKeys.verify(match[1]);
    if (!principal) throw new Unauthorized('The API key is unknown or revoked');
    request.principal = principal;
    identifyCaller(principal);

    const declared = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets);
    const allowed: readonly Role[] = declared ? ['admin', ...declared] : request.method === 'GET' ? ROLES : ['admin'];
    if (!allowed.includes(principal.role)) throw new Forbidden(principal.role, allowed);

    const retryAfterSeconds = this.rateLimiter.take(principal.id);
    if (retryAfterSeconds > 0) {
      context.switchToHttp().getResponse<FastifyReply>().header('Retry-After', String(retryAfterSeconds));
      throw new TooManyRequests(retryAfterSeconds);
    }
    return true;
  }
}
