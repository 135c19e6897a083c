import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export const ROLES = ['admin', 'repair_staff', 'mine_manager', 'erp'] as const;
export type Role = (typeof ROLES)[number];

export const PUBLIC_ROUTE = 'auth:public';
export const ALLOWED_ROLES = 'auth:roles';

/** Marks a public operation in the OpenAPI document, so it is documented without security. */
export const PUBLIC_OPERATION_EXTENSION = 'x-public';

/** No API key needed: health, docs, metrics, the dashboard page. */
export const Public = () => applyDecorators(SetMetadata(PUBLIC_ROUTE, true), ApiExtension(PUBLIC_OPERATION_EXTENSION, true));

/**
 * Who may call a route besides `admin`. Reads (GET) default to every role; a write without
 * `@Roles` is admin-only, so forgetting the decorator fails closed.
 */
export const Roles = (...roles: Role[]) => SetMetadata(ALLOWED_ROLES, roles);

/** The contract's role table, named once. */
export const WRITE_ROLES = {
  stock: ['repair_staff', 'erp'] as Role[],
  stockOperations: ['repair_staff'] as Role[],
  catalog: ['erp'] as Role[],
  machines: ['repair_staff', 'erp'] as Role[],
  tickets: ['repair_staff'] as Role[],
  shipments: ['erp'] as Role[],
  shipmentEvents: ['repair_staff', 'erp'] as Role[],
  tariffs: ['erp'] as Role[],
  projections: ['mine_manager', 'repair_staff', 'erp'] as Role[],
};
