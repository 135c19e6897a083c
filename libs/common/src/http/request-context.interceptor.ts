import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import { runInContext } from '../request-context';
import { AuthenticatedRequest } from './auth/auth.guard';

/** Runs the handler inside the request's context, so the events it emits carry the request id and the audit trail the key. */
@Injectable()
export class RequestContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const requestContext = {
      correlationId: String(request.id),
      apiKeyId: request.principal?.id,
      apiKeyName: request.principal?.name,
      role: request.principal?.role,
    };
    return new Observable((subscriber) => runInContext(requestContext, () => next.handle().subscribe(subscriber)));
  }
}
