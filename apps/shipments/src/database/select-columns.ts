/**
 * The select lists (and shared reads) of the shipments schema, camel-cased for the row types. No imports
 * on purpose: the bench's raw-SQL baselines (plain pg in a worker thread, bench/support/baselines.ts)
 * run these same statements, so the service and its baseline cannot drift apart.
 */
export const SHIPMENT_COLUMNS = `s.id, s.reference, s.status, s.origin_country AS "originCountry", s.origin_location AS "originLocation",
  s.destination_code AS "destinationCode", s.port_of_entry AS "portOfEntry", s.carrier, s.tracking_number AS "trackingNumber",
  s.allocation_basis AS "allocationBasis", s.freight_usd::text AS "freightUsd", s.eta, s.eta_basis AS "etaBasis",
  s.departed_at AS "departedAt", s.arrived_at AS "arrivedAt", s.delivered_at AS "deliveredAt", s.created_at AS "createdAt",
  s.updated_at AS "updatedAt", (extract(epoch FROM s.created_at) * 1000000)::bigint::text AS "createdMicros"`;
export const LINE_COLUMNS = `shipment_id AS "shipmentId", line_no AS "lineNo", sku, quantity, declared_value_usd::text AS "declaredValueUsd",
  hs_code AS "hsCode", country_of_origin AS "countryOfOrigin", repair_value_usd::text AS "repairValueUsd", serials`;
export const EVENT_COLUMNS = `id, shipment_id AS "shipmentId", seq, type, at, location, note, hold_reason AS "holdReason", agency, recorded_at AS "recordedAt"`;
export const HOLD_COLUMNS = `h.id, h.shipment_id AS "shipmentId", h.reason, h.agency, h.note, h.location, h.port_of_entry AS "portOfEntry", h.bonded,
  h.daily_storage_rate_usd::text AS "dailyStorageRateUsd", h.free_storage_days AS "freeStorageDays", h.opened_at AS "openedAt",
  h.released_at AS "releasedAt"`;
export const SETTINGS_COLUMNS = `mpf_rate_pct AS "merchandiseProcessingFeeRatePct", mpf_minimum_usd::text AS "merchandiseProcessingFeeMinimumUsd",
  mpf_maximum_usd::text AS "merchandiseProcessingFeeMaximumUsd", hmf_rate_pct AS "harborMaintenanceFeeRatePct",
  default_transit_days AS "defaultTransitDays", updated_at AS "updatedAt", updated_by AS "updatedBy"`;

/** The most recently delivered shipments ($1 of them) with the days each spent held: the ETA's history. */
export const DELIVERED_HISTORY = `SELECT s.origin_country AS "originCountry", s.destination_code AS "destinationCode", s.departed_at AS "departedAt",
    s.delivered_at AS "deliveredAt",
    COALESCE(sum(extract(epoch FROM (COALESCE(h.released_at, s.delivered_at) - h.opened_at))) / 86400, 0)::float8 AS "heldDays"
  FROM (SELECT * FROM shipments WHERE status = 'delivered' AND departed_at IS NOT NULL ORDER BY delivered_at DESC LIMIT $1) s
  LEFT JOIN customs_holds h ON h.shipment_id = s.id
  GROUP BY s.id, s.origin_country, s.destination_code, s.departed_at, s.delivered_at`;
