export { createRedisBroker, type RedisBroker, type RedisBrokerOptions } from "./redis-broker.ts";
