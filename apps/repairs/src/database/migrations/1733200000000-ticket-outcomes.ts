import { MigrationInterface, QueryRunner } from 'typeorm';

/** The statuses a ticket can leave, as of this migration (one seconds_<status> column each). */
const OPEN_STATUSES = ['reported', 'received', 'diagnosing', 'awaiting_parts', 'repairing', 'testing', 'ready_to_return'];

/**
 * What the turnaround report reads from a year of tickets without reading their history or probing
 * other tables per ticket, each kept by the write that changes it: when the ticket entered its
 * current status and the seconds it spent in each status it left (every move), the parts it
 * consumed (each consume), and when its machine came back within 30 days of its return (the next
 * ticket's intake, which finds the machine's latest return on the machine row it already locks; a
 * ticket cancelled as opened by mistake does not count).
 * Existing tickets and machines get all of it from what is already recorded.
 */
export class TicketOutcomes1733200000000 implements MigrationInterface {
  name = 'TicketOutcomes1733200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE repairs.tickets
        ADD COLUMN status_since timestamptz NOT NULL DEFAULT now(),
        ${OPEN_STATUSES.map((status) => `ADD COLUMN seconds_${status} double precision NOT NULL DEFAULT 0`).join(',\n        ')},
        ADD COLUMN parts_consumed integer NOT NULL DEFAULT 0,
        ADD COLUMN came_back_at timestamptz`);
    await queryRunner.query(`ALTER TABLE repairs.machines ADD COLUMN last_returned_ticket_id uuid, ADD COLUMN last_returned_at timestamptz`);
    // Current statistics, so the backfills below join a large history by hash, never ticket by ticket.
    await queryRunner.query(`ANALYZE repairs.tickets`);
    await queryRunner.query(`ANALYZE repairs.ticket_history`);
    await queryRunner.query(`
      WITH spans AS (
        SELECT ticket_id, to_status, at, lead(at) OVER (PARTITION BY ticket_id ORDER BY id) AS left_at FROM repairs.ticket_history
      ), per_ticket AS (
        SELECT ticket_id, max(at) AS entered_last,
               ${OPEN_STATUSES.map((status) => `coalesce(sum(date_part('epoch', left_at - at)) FILTER (WHERE to_status = '${status}'), 0) AS seconds_${status}`).join(',\n               ')}
          FROM spans GROUP BY ticket_id
      )
      UPDATE repairs.tickets t SET status_since = p.entered_last,
             ${OPEN_STATUSES.map((status) => `seconds_${status} = p.seconds_${status}`).join(', ')}
        FROM per_ticket p WHERE p.ticket_id = t.id`);
    await queryRunner.query(`
      UPDATE repairs.tickets t SET parts_consumed = r.consumed
        FROM (SELECT ticket_id, count(*)::int AS consumed FROM repairs.ticket_reservations WHERE status = 'consumed' GROUP BY ticket_id) r
       WHERE r.ticket_id = t.id`);
    await queryRunner.query(`
      UPDATE repairs.tickets t SET came_back_at = b.next_created_at
        FROM (SELECT o.id, min(n.created_at) AS next_created_at FROM repairs.tickets o
                JOIN repairs.tickets n ON n.machine_serial = o.machine_serial AND n.id <> o.id AND n.status <> 'cancelled'
                 AND n.created_at >= o.returned_at AND n.created_at <= o.returned_at + interval '30 days'
               WHERE o.status = 'returned' GROUP BY o.id) b
       WHERE b.id = t.id`);
    await queryRunner.query(`
      UPDATE repairs.machines m SET last_returned_ticket_id = r.id, last_returned_at = r.returned_at
        FROM (SELECT DISTINCT ON (machine_serial) machine_serial, id, returned_at FROM repairs.tickets
               WHERE status = 'returned' ORDER BY machine_serial, returned_at DESC) r
       WHERE r.machine_serial = m.serial`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE repairs.machines DROP COLUMN last_returned_at, DROP COLUMN last_returned_ticket_id`);
    await queryRunner.query(`
      ALTER TABLE repairs.tickets DROP COLUMN came_back_at, DROP COLUMN parts_consumed,
        ${OPEN_STATUSES.map((status) => `DROP COLUMN seconds_${status}`).join(', ')}, DROP COLUMN status_since`);
  }
}
