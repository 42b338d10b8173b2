# The body of both PBS templates (Torque's study.pbs, PBS Pro's study-pro.pbs), sourced in the package root:
# one MPI rank per line of $PBS_NODEFILE (per core PBS gave the job), one fitting thread each.
CONFIG=${CONFIG:?qsub -v CONFIG=STUDY.json[,OUTPUT=DIR] TEMPLATE.pbs}
source jobs/lib/job.sh
output=()
if [ -n "${OUTPUT:-}" ]; then output=(--output "$OUTPUT"); fi
ranks=$(wc -l < "$PBS_NODEFILE")
run_forwarding_stop mpirun -n "$ranks" --hostfile "$PBS_NODEFILE" "$TOYSTUDY" --config "$CONFIG" --threads 1 \
    --resume "${output[@]}"
