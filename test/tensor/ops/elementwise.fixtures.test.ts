import { runFixtureGroup } from "./torch-fixtures.js";

runFixtureGroup("ops_elementwise", ["maskedSelect uint8 mask raises (torch only warns)"]);
