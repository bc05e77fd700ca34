import { emptyReport } from './report.js';
import type { InsightsQuery, InsightsReport, Store } from './types.js';

/**
 * INSIGHTS=off: nothing is recorded and no database is opened. The report is all zeros (with
 * `kind: 'off'`, so `/insights` can say that recording is off rather than show an empty server).
 */
export class OffStore implements Store {
  readonly kind = 'off' as const;
  recordQuestion(): void {}
  recordVote(): void {}
  async insights(query: InsightsQuery): Promise<InsightsReport> {
    return emptyReport(query);
  }
  async flush(): Promise<void> {}
  async purge(): Promise<number> {
    return 0;
  }
  async close(): Promise<void> {}
}
