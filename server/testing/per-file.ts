// Before each test file (vitest.config.ts's setupFiles): test files share their worker's
// modules (isolate: false), so what one file set on the project's clock is taken back here
// before the next file's own setClockForTests.
import { resetClockForTests } from '../platform/clock.js';

resetClockForTests();
