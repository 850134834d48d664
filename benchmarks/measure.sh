# Sourced by the profiling benchmarks: `measure LABEL COMMAND...` runs COMMAND under GNU time and prints wall time,
# CPU seconds, peak RSS and values/s/core = $measure_values / (user + system CPU seconds), which other load does not skew.
# Needs $folder (for time.txt) and $measure_values set by the caller.
measure() {
  local label=$1; shift
  /usr/bin/time -f "wall %e s, CPU %U s user + %S s system, peak RSS %M KB" -o "$folder/time.txt" "$@" > /dev/null
  local line; line=$(cat "$folder/time.txt")
  local cpu; cpu=$(echo "$line" | awk '{u=$5; s=$9; print u+s}')
  echo "$label: $line; $(awk -v v="$measure_values" -v t="$cpu" 'BEGIN{printf "%.1f M values/s/core", v/t/1e6}'); load $(cut -d' ' -f1-3 /proc/loadavg)"
}
