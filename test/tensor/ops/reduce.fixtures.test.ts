import { runFixtureGroup } from "./torch-fixtures.js";

runFixtureGroup("ops_reduce", ["maskedSelect uint8 mask raises (torch only warns)"]);
