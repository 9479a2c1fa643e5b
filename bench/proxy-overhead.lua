-- bench/proxy-overhead.lua: paces each wrk connection, DELAY_MS (environment) between its requests.
local delay_ms = tonumber(os.getenv("DELAY_MS") or "0")

function delay()
  return delay_ms
end
