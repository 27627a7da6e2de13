// The Lua scripts that do every change (and every read that must see one consistent state) in one atomic
// step, so no node ever sees an update out of order. Keys, in this order (all under one hash tag, so Redis
// Cluster keeps them on one shard):
//   M meta hash: epoch, seq (the head), bytes (of held updates), evicted (seq of the newest evicted update)
//   S the stream: every entry, id `0-<seq>`, fields k (u update / p presence), t (time), i (id), u (JSON)
//   U list of held updates, oldest first: "seq time bytes"
//   P list of held presence entries, oldest first: "seq time"
//   I hash id -> "seq:fingerprint ..." of the held entries with that id, oldest first; no fingerprint for
//     presence entries and ids the hub made (a repeat of one, rare, is compared with the stored JSON instead)
//   R hash topic -> "seq time json" of its retained update;  O zset topic by seq (retained order)
// Entries stay in the stream after they leave the history (U, P) while they are among the newest
// `backlog` ones, so a node tailing the stream a little behind still gets them.

const COMMON = `
local M, S, U, P, I, R, O = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7]
local function str(n) return string.format('%.0f', n) end
local function sid(seq) return '0-' .. str(seq) end
local function parse(item)
  local seq, time, bytes = string.match(item, '^(%d+) (%d+) ?(%d*)$')
  return tonumber(seq), tonumber(time), tonumber(bytes)
end
local function oldest(list)
  local first = redis.call('LINDEX', list, 0)
  if first then return (parse(first)) end
end
local function entry(seq)
  return redis.call('XRANGE', S, sid(seq), sid(seq))[1]
end
local function field(fields, name)
  for i = 1, #fields, 2 do if fields[i] == name then return fields[i + 1] end end
end

-- The epoch and head. A missing meta (flushed, or a Redis restarted without persistence) or a head behind
-- what a node already saw (failover to a replica that lacked writes) starts a new epoch. A brand-new hub
-- (no node has seen a seq: floor 0) starts at 0; otherwise the new seqs begin above every seq handed out
-- before (the server clock in microseconds, or the node's floor if higher), so running nodes, whose tails
-- and subscribers go by seq, neither skip new entries nor take them for old ones.
local function ensure(newEpoch, floor)
  local meta = redis.call('HMGET', M, 'epoch', 'seq')
  local head = tonumber(meta[2])
  if meta[1] and head and head >= floor then return meta[1], head end
  if not meta[1] then redis.call('DEL', S, U, P, I, R, O) end
  local start = 0
  if floor > 0 then
    local t = redis.call('TIME')
    start = math.max(floor, tonumber(t[1]) * 1000000 + tonumber(t[2]))
  end
  redis.call('HSET', M, 'epoch', newEpoch, 'seq', str(start), 'evicted', str(start))
  if not meta[1] then redis.call('HSET', M, 'bytes', '0') end
  return newEpoch, start
end

-- Drops the index token of the entry numbered seq (tokens of one id are few: a reused id).
local function unindex(seq)
  local held = entry(seq)
  if not held then return end
  local id = field(held[2], 'i')
  local ids = redis.call('HGET', I, id)
  if not ids then return end
  local rest = {}
  for token in string.gmatch(ids, '%S+') do
    if tonumber(string.match(token, '^(%d+)')) ~= seq then rest[#rest + 1] = token end
  end
  if #rest > 0 then redis.call('HSET', I, id, table.concat(rest, ' ')) else redis.call('HDEL', I, id) end
end

local function evictUpdate()
  local seq, _, bytes = parse(redis.call('LPOP', U))
  redis.call('HINCRBY', M, 'bytes', -bytes)
  redis.call('HSET', M, 'evicted', str(seq))
  unindex(seq)
end

local function evictPresence()
  unindex((parse(redis.call('LPOP', P))))
end

local function expired(list, limit)
  local first = redis.call('LINDEX', list, 0)
  if not first then return false end
  local _, time = parse(first)
  return time < limit
end

-- bounds: now, historySize, historyMaxAge, historyMaxBytes, presenceHistorySize
local function trim(b)
  local limit = b[1] - b[3]
  while redis.call('LLEN', U) > b[2] do evictUpdate() end
  while redis.call('LLEN', U) > 0 and tonumber(redis.call('HGET', M, 'bytes')) > b[4] do evictUpdate() end
  while expired(U, limit) do evictUpdate() end
  while redis.call('LLEN', P) > b[5] do evictPresence() end
  while expired(P, limit) do evictPresence() end
end

local function bounds(from)
  local b = {}
  for i = 0, 4 do b[i + 1] = tonumber(ARGV[from + i]) end
  return b
end

local function figures(epoch, head)
  local newest = redis.call('LINDEX', U, -1)
  local last = newest and entry((parse(newest)))
  return {epoch, str(head), redis.call('LLEN', U), redis.call('HGET', M, 'bytes') or '0',
    redis.call('ZCARD', O), last and field(last[2], 'i') or false}
end
`;

/** ARGV: newEpoch floor now size maxAge maxBytes presenceSize kind json id fingerprint bytes retainTopic
 *  maxRetained backlog newId ('1': the hub made the id, which nothing can hold yet; no fingerprint then).
 *  Returns {duplicate, seq, time, figures}. */
export const PUBLISH = `${COMMON}
local epoch, head = ensure(ARGV[1], tonumber(ARGV[2]))
local b = bounds(3)
trim(b)
local kind, json, id, fp, bytes, topic = ARGV[8], ARGV[9], ARGV[10], ARGV[11], ARGV[12], ARGV[13]
local ids = ARGV[16] ~= '1' and redis.call('HGET', I, id)
if kind == 'u' and ids then
  for token in string.gmatch(ids, '%S+') do
    local seq, held = string.match(token, '^(%d+):(%S*)$')
    local fields = (held == fp or held == '') and entry(tonumber(seq))[2]
    if fields and (held == fp or field(fields, 'u') == json) then
      return {1, seq, field(fields, 't'), figures(epoch, head)}
    end
  end
end
local seq = head + 1
redis.call('HSET', M, 'seq', str(seq))
redis.call('XADD', S, sid(seq), 'k', kind, 't', ARGV[3], 'i', id, 'u', json)
local token = str(seq) .. ':' .. fp
redis.call('HSET', I, id, ids and (ids .. ' ' .. token) or token)
if kind == 'u' then
  redis.call('RPUSH', U, str(seq) .. ' ' .. ARGV[3] .. ' ' .. bytes)
  redis.call('HINCRBY', M, 'bytes', bytes)
  if topic ~= '' then
    redis.call('HSET', R, topic, str(seq) .. ' ' .. ARGV[3] .. ' ' .. json)
    redis.call('ZADD', O, seq, topic)
    while redis.call('ZCARD', O) > tonumber(ARGV[14]) do
      redis.call('HDEL', R, redis.call('ZPOPMIN', O)[1])
    end
  end
else
  redis.call('RPUSH', P, str(seq) .. ' ' .. ARGV[3])
end
trim(b)
local keep = seq - tonumber(ARGV[15]) + 1
for _, list in ipairs({U, P}) do
  local first = oldest(list)
  if first and first < keep then keep = first end
end
if keep > 1 then redis.call('XTRIM', S, 'MINID', '~', sid(keep)) end
return {0, str(seq), ARGV[3], figures(epoch, seq)}
`;

/** ARGV: newEpoch floor now size maxAge maxBytes presenceSize mode (earliest|id|position) value seq.
 *  Returns {found, earliest entry or false, entries, figures}. */
export const READ_SINCE = `${COMMON}
local epoch, head = ensure(ARGV[1], tonumber(ARGV[2]))
trim(bounds(3))
local mode, value = ARGV[8], ARGV[9]
-- A point is found while nothing after it was evicted: an update with a higher seq gone means a gap.
local evicted = tonumber(redis.call('HGET', M, 'evicted'))
local found, after = 1, 0
if mode == 'id' then
  local ids = redis.call('HGET', I, value)
  after = ids and tonumber(string.match(ids, '^(%d+)'))
  if not after or after < evicted then found, after = 0, 0 end
elseif mode == 'position' then
  local seq = tonumber(ARGV[10])
  if value == epoch and seq <= head and seq >= evicted then after = seq else found = 0 end
end
local u0, p0 = oldest(U), oldest(P)
local first = u0
if p0 and (not first or p0 < first) then first = p0 end
local entries = {}
if found == 1 and first then
  for _, e in ipairs(redis.call('XRANGE', S, '(' .. sid(after), '+')) do
    local seq = tonumber(string.sub(e[1], 3))
    local low = u0
    if field(e[2], 'k') == 'p' then low = p0 end
    if low and seq >= low then entries[#entries + 1] = e end
  end
end
return {found, first and entry(first) or false, entries, figures(epoch, head)}
`;

/** ARGV: newEpoch floor. Returns {values "seq time json" in retained order, figures}. */
export const RETAINED = `${COMMON}
local epoch, head = ensure(ARGV[1], tonumber(ARGV[2]))
local values = {}
for _, topic in ipairs(redis.call('ZRANGE', O, 0, -1)) do values[#values + 1] = redis.call('HGET', R, topic) end
return {values, figures(epoch, head)}
`;

/** ARGV: topic. Returns 1 when the topic had a retained update. */
export const CLEAR_RETAINED = `${COMMON}
redis.call('ZREM', O, ARGV[1])
return redis.call('HDEL', R, ARGV[1])
`;

/** ARGV: newEpoch floor. Returns figures (epoch, head, updates, bytes, retained topics, newest id). */
export const SYNC = `${COMMON}
local epoch, head = ensure(ARGV[1], tonumber(ARGV[2]))
return figures(epoch, head)
`;

/** The keys every script takes, under the hash tag `{prefix}`. */
export function scriptKeys(prefix: string): string[] {
  return ["meta", "stream", "updates", "presence", "ids", "retained", "retained-order"].map(
    (name) => `{${prefix}}:${name}`,
  );
}
