namespace Hawser.Health.Lua;

/// <summary>
/// The Lua run before every custom script: it removes what could touch the machine or escape the instruction limit,
/// and keeps what Argo CD's health scripts use (base functions, <c>string</c>, <c>table</c>, <c>math</c>, <c>utf8</c>,
/// <c>os.time</c>/<c>os.clock</c>/<c>os.date</c>, and the Lua 5.1 names <c>table.getn</c>, <c>table.maxn</c>,
/// <c>unpack</c> and <c>math.pow</c> that scripts written for Argo CD's Lua 5.1 interpreter use).
/// </summary>
/// <remarks>
/// <para>The prelude returns a function that makes a fresh global environment for one run: a copy of the sandboxed globals
/// (library tables copied too) plus <c>obj</c>. A prepared state is reused across runs, and nothing a script writes
/// (globals such as <c>hs</c>, changes to <c>string</c> or <c>table</c>) is seen by the next run.</para>
/// <para>The limit works by yielding from a count hook, which Lua allows only where the running code could yield. C functions
/// that call back into Lua (<c>table.sort</c> comparators, <c>string.gsub</c> with a function) cannot yield, so they are
/// replaced by Lua versions here; <c>setmetatable</c> (user metamethods called from C, such as <c>__tostring</c> and
/// <c>__gc</c>) and coroutines are removed for the same reason.</para>
/// </remarks>
internal static class LuaSandbox
{
    public const string Prelude = """
        local os_time, os_clock, os_date = os.time, os.clock, os.date
        local str_find, str_sub = string.find, string.sub
        local native_gsub = string.gsub
        local type, tostring, error = type, tostring, error

        io = nil; package = nil; require = nil; dofile = nil; loadfile = nil; load = nil
        debug = nil; coroutine = nil; collectgarbage = nil; setmetatable = nil; getmetatable = nil
        os = { time = os_time, clock = os_clock, date = os_date }
        string.dump = nil

        -- Argo CD runs scripts on a Lua 5.1 interpreter: keep the 5.1 names that scripts in the wild still use.
        table.getn = function(t) return #t end
        table.maxn = function(t)
          local n = 0
          for k in pairs(t) do if type(k) == "number" and k > n then n = k end end
          return n
        end
        unpack = table.unpack
        math.pow = function(x, y) return x ^ y end

        function table.sort(list, less)
          less = less or function(a, b) return a < b end
          for i = 2, #list do
            local value = list[i]
            local j = i - 1
            while j >= 1 and less(value, list[j]) do
              list[j + 1] = list[j]
              j = j - 1
            end
            list[j + 1] = value
          end
        end

        function string.gsub(s, pattern, repl, n)
          if type(repl) ~= "function" then return native_gsub(s, pattern, repl, n) end
          local out, count, init = {}, 0, 1
          local anchored = str_sub(pattern, 1, 1) == "^"
          while (n == nil or count < n) and init <= #s + 1 do
            local r = { str_find(s, pattern, init) }
            local first, last = r[1], r[2]
            if first == nil then break end
            local whole = str_sub(s, first, last)
            local value
            if #r > 2 then value = repl(table.unpack(r, 3)) else value = repl(whole) end
            if value == nil or value == false then value = whole
            elseif type(value) ~= "string" and type(value) ~= "number" then
              error("invalid replacement value (a " .. type(value) .. ")")
            end
            out[#out + 1] = str_sub(s, init, first - 1)
            out[#out + 1] = tostring(value)
            count = count + 1
            if last >= first then init = last + 1 else
              out[#out + 1] = str_sub(s, first, first)
              init = first + 1
            end
            if anchored then break end
          end
          out[#out + 1] = str_sub(s, init)
          return table.concat(out), count
        end

        local base = {}
        for name, value in pairs(_G) do base[name] = value end
        base._G = nil
        local pairs = pairs
        return function(obj)
          local env = {}
          for name, value in pairs(base) do
            if type(value) == "table" then
              local copy = {}
              for k, v in pairs(value) do copy[k] = v end
              env[name] = copy
            else
              env[name] = value
            end
          end
          env._G = env
          env.obj = obj
          return env
        end
        """;
}
