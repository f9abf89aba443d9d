/** The export's file name: tenant and UTC day, safe in a Content-Disposition header. */
export function csvExportName(tenantId: string, now: number): string {
  return `leads-${tenantId.replace(/[^A-Za-z0-9_-]/g, '_')}-${new Date(now).toISOString().slice(0, 10)}.csv`;
}
