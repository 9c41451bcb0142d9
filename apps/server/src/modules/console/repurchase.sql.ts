// No imports: the migration that creates repurchase_month uses this too.

/**
 * The statement that counts the cohorts of a span of months into
 * `repurchase_month` (parameters: the span's first instant, inclusive, and
 * last, exclusive): per month and customer's hospital ('' for none), the
 * customers with a visit that month and how many of them came back for a
 * paid visit 1 to 90 days after their first one. It reads the visits of
 * those months and their next 90 days; the index `ix_visit_customer_paid`
 * makes each look-up index-only. Shared with the migration that fills the
 * table the first time.
 */
export function countCohortsSql(mysql: boolean): string {
  const month = mysql
    ? "DATE_FORMAT(visited_at + INTERVAL 8 HOUR, '%Y-%m')"
    : "strftime('%Y-%m', visited_at, '+8 hours')"
  const plus = (days: number) =>
    mysql
      ? `f.first_at + INTERVAL ${days} DAY`
      : `datetime(f.first_at, '+${days} days')`
  return `INSERT INTO repurchase_month (month, hospital_id, customers, returned)
     SELECT f.month, COALESCE(c.hospital_id, ''), COUNT(*),
            SUM(CASE WHEN EXISTS (
              SELECT 1 FROM visit v
               WHERE v.customer_id = f.customer_id AND v.paid = 1
                 AND v.visited_at >= ${plus(1)}
                 AND v.visited_at <= ${plus(90)}) THEN 1 ELSE 0 END)
       FROM (SELECT customer_id, ${month} AS month, MIN(visited_at) AS first_at
               FROM visit WHERE visited_at >= ? AND visited_at < ?
              GROUP BY customer_id, ${month}) f
       JOIN hospital_customer c ON c.id = f.customer_id
      GROUP BY f.month, COALESCE(c.hospital_id, '')`
}
