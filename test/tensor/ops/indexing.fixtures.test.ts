import { runFixtureGroup } from "./torch-fixtures.js";

runFixtureGroup("ops_indexing", ["maskedSelect uint8 mask raises (torch only warns)"]);
