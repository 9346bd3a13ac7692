import { runFixtureGroup } from "./torch-fixtures.js";

runFixtureGroup("ops_sort", ["maskedSelect uint8 mask raises (torch only warns)"]);
