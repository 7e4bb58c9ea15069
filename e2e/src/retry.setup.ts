// In CI an end-to-end test that fails is run once more, and its first failure is printed
// (logErrorsBeforeRetry), so a flake shows in the log instead of hiding: a broken behaviour fails
// both runs. The suites share one system per file (beforeAll), so a retry sees the state the
// first run left, as a user retrying would.
import { jest } from '@jest/globals';

if (process.env.CI) jest.retryTimes(1, { logErrorsBeforeRetry: true });
