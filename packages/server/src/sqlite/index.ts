// `@ssehub/server/sqlite`: the broker that keeps history, retained state and idempotency in an SQLite file.

export { isStoreError, StoreError, type StoreErrorCode } from "./driver.ts";
export { createSqliteBroker, type SqliteBrokerOptions } from "./sqlite-broker.ts";
