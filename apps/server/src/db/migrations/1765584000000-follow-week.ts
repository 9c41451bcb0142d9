import type { MigrationInterface, QueryRunner } from 'typeorm'
import { sqlTypes } from './sql-types'

/** Seconds from the Unix epoch to its China week's Monday, 00:00 +08:00. */
const WEEK_OF = (at: string) => `${at} - ((${at} + 288000) % 604800)`

/**
 * The leaderboard's weekly figures per member, kept by the database itself.
 *
 * `follow_week_seen` holds one row per China week, member, customer and
 * what happened (`added`, `removed`, `removed:member`, `removed:customer`);
 * `follow_week` counts them per week and member. A trigger on
 * `follow_change` adds the seen row and, when it is new, counts it, in the
 * same statement as the change: the worker, the re-sync's backfill and any
 * later writer keep the figures without knowing about them, a change that
 * is written twice counts once, and two workers recording the same
 * customer at once meet on the seen table's key instead of both counting.
 *
 * The backfill at the end counts what `follow_change` holds. Run it with
 * the worker stopped (the server migrates before it starts its worker, and
 * separate workers migrate under a lock); a change written by an older
 * worker between the backfill and the trigger would be missed.
 *
 * On MySQL with binary logging, creating a trigger needs the SUPER
 * privilege or `log_bin_trust_function_creators = 1`.
 */
export class FollowWeek1765584000000 implements MigrationInterface {
  name = 'FollowWeek1765584000000'

  async up(runner: QueryRunner): Promise<void> {
    const { mysql, tableOptions } = sqlTypes(runner)
    await runner.query(
      `CREATE TABLE follow_week (
         week_start BIGINT NOT NULL,
         user_id VARCHAR(128) NOT NULL,
         added INT NOT NULL DEFAULT 0,
         removed INT NOT NULL DEFAULT 0,
         removed_by_member INT NOT NULL DEFAULT 0,
         removed_by_customer INT NOT NULL DEFAULT 0,
         PRIMARY KEY (week_start, user_id)
       ) ${tableOptions}`,
    )
    await runner.query(
      `CREATE TABLE follow_week_seen (
         week_start BIGINT NOT NULL,
         user_id VARCHAR(128) NOT NULL,
         external_user_id VARCHAR(128) NOT NULL,
         what VARCHAR(16) NOT NULL,
         sightings INT NOT NULL DEFAULT 1,
         PRIMARY KEY (week_start, user_id, external_user_id, what)
       ) ${tableOptions}`,
    )

    await runner.query(
      `INSERT INTO follow_week_seen (week_start, user_id, external_user_id, what)
       SELECT DISTINCT ${WEEK_OF('at')}, user_id, external_user_id, kind
         FROM follow_change`,
    )
    await runner.query(
      `INSERT INTO follow_week_seen (week_start, user_id, external_user_id, what)
       SELECT DISTINCT ${WEEK_OF('at')}, user_id, external_user_id,
              ${mysql ? "CONCAT('removed:', ended_by)" : "'removed:' || ended_by"}
         FROM follow_change
        WHERE kind = 'removed' AND ended_by IS NOT NULL`,
    )
    await runner.query(
      `INSERT INTO follow_week (week_start, user_id, added, removed,
                                removed_by_member, removed_by_customer)
       SELECT week_start, user_id,
              SUM(CASE WHEN what = 'added' THEN 1 ELSE 0 END),
              SUM(CASE WHEN what = 'removed' THEN 1 ELSE 0 END),
              SUM(CASE WHEN what = 'removed:member' THEN 1 ELSE 0 END),
              SUM(CASE WHEN what = 'removed:customer' THEN 1 ELSE 0 END)
         FROM follow_week_seen GROUP BY week_start, user_id`,
    )

    await runner.query(mysql ? MYSQL_TRIGGER : SQLITE_TRIGGER)
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TRIGGER tr_follow_change_week')
    await runner.query('DROP TABLE follow_week_seen')
    await runner.query('DROP TABLE follow_week')
  }
}

/**
 * MySQL: add the seen row or count one more sighting of it, then read it
 * back (our own write, under our lock): the change is new to the week when
 * it is the first sighting. Two transactions on the same seen row queue on
 * its key, so exactly one of them counts it. (ROW_COUNT() after INSERT
 * IGNORE inside a trigger is not reliable on MariaDB 10.11: it read 0 for a
 * row that was inserted.)
 */
const MYSQL_TRIGGER = (() => {
  const see = (what: string) => `
  INSERT INTO follow_week_seen (week_start, user_id, external_user_id, what)
  VALUES (wk, NEW.user_id, NEW.external_user_id, ${what})
  ON DUPLICATE KEY UPDATE sightings = sightings + 1;
  SELECT sightings INTO seen FROM follow_week_seen
   WHERE week_start = wk AND user_id = NEW.user_id
     AND external_user_id = NEW.external_user_id AND what = ${what};`
  return `
CREATE TRIGGER tr_follow_change_week AFTER INSERT ON follow_change
FOR EACH ROW
BEGIN
  DECLARE wk BIGINT DEFAULT ${WEEK_OF('NEW.at')};
  DECLARE seen INT DEFAULT 0;
  ${see('NEW.kind')}
  IF seen = 1 THEN
    INSERT INTO follow_week (week_start, user_id, added, removed)
    VALUES (wk, NEW.user_id, NEW.kind = 'added', NEW.kind = 'removed')
    ON DUPLICATE KEY UPDATE added = added + VALUES(added),
                            removed = removed + VALUES(removed);
  END IF;
  IF NEW.kind = 'removed' AND NEW.ended_by IS NOT NULL THEN
    ${see("CONCAT('removed:', NEW.ended_by)")}
    IF seen = 1 THEN
      INSERT INTO follow_week (week_start, user_id, removed_by_member, removed_by_customer)
      VALUES (wk, NEW.user_id, NEW.ended_by = 'member', NEW.ended_by = 'customer')
      ON DUPLICATE KEY UPDATE
        removed_by_member = removed_by_member + VALUES(removed_by_member),
        removed_by_customer = removed_by_customer + VALUES(removed_by_customer);
    END IF;
  END IF;
END`
})()

/**
 * SQLite: one writer at a time, so "count unless already seen, then mark
 * seen" cannot interleave with another change.
 */
const SQLITE_TRIGGER = (() => {
  const wk = WEEK_OF('NEW.at')
  const unseen = (what: string) =>
    `NOT EXISTS (SELECT 1 FROM follow_week_seen
                  WHERE week_start = ${wk} AND user_id = NEW.user_id
                    AND external_user_id = NEW.external_user_id
                    AND what = ${what})`
  const byWhat = "'removed:' || NEW.ended_by"
  return `
CREATE TRIGGER tr_follow_change_week AFTER INSERT ON follow_change
FOR EACH ROW
BEGIN
  INSERT INTO follow_week (week_start, user_id, added, removed)
  SELECT ${wk}, NEW.user_id, NEW.kind = 'added', NEW.kind = 'removed'
   WHERE ${unseen('NEW.kind')}
  ON CONFLICT (week_start, user_id) DO UPDATE
     SET added = added + excluded.added, removed = removed + excluded.removed;
  INSERT OR IGNORE INTO follow_week_seen (week_start, user_id, external_user_id, what)
  VALUES (${wk}, NEW.user_id, NEW.external_user_id, NEW.kind);

  INSERT INTO follow_week (week_start, user_id, removed_by_member, removed_by_customer)
  SELECT ${wk}, NEW.user_id, NEW.ended_by = 'member', NEW.ended_by = 'customer'
   WHERE NEW.kind = 'removed' AND NEW.ended_by IS NOT NULL AND ${unseen(byWhat)}
  ON CONFLICT (week_start, user_id) DO UPDATE
     SET removed_by_member = removed_by_member + excluded.removed_by_member,
         removed_by_customer = removed_by_customer + excluded.removed_by_customer;
  INSERT OR IGNORE INTO follow_week_seen (week_start, user_id, external_user_id, what)
  SELECT ${wk}, NEW.user_id, NEW.external_user_id, ${byWhat}
   WHERE NEW.kind = 'removed' AND NEW.ended_by IS NOT NULL;
END`
})()
