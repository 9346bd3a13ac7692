import { runFixtureGroup } from "./torch-fixtures.js";

runFixtureGroup("ops_reduce");
