/** Every migration, in order. Listed by import (not a glob) so it works from src and from dist. */
import { InitialCatalogue1732200000000 } from "./1732200000000-initial-catalogue";

export const MIGRATIONS = [InitialCatalogue1732200000000];
