import { runFixtureGroup } from "./torch-fixtures.js";

runFixtureGroup("ops_shape", ["maskedSelect uint8 mask raises (torch only warns)"]);
