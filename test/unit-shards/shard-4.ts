// One share of the unit test files (test/support/unit-shards.ts says which and why).
import { loadUnitShard } from '../support/unit-shards';

loadUnitShard(__filename);
