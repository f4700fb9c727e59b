# A Rack app whose requests take 50-200 ms, like real work: enough to have requests in flight when a pod stops.
run lambda { |_env|
  sleep(0.05 + rand * 0.15)
  [200, { "content-type" => "text/plain" }, ["ok from #{Process.pid}\n"]]
}
