<#ftl strip_whitespace=true>
<#--
  Batch array script written by `production-manager stage` (contract: docs/batch-scripts.md).
  You may edit this file; keep the contract: array task k runs line k+1 of the manifest,
  writes the .start and .exit markers and exits with the command's exit code.

  Interpolations are written [=name]; ${...} and $(...) below are plain bash.
  Every value has been validated before it reaches this template; command, logsDirQuoted and
  manifestQuoted are already shell-quoted. Unset resources are absent: test them with "??".

  Values: production, batch (NNNN), jobName, arraySpec, taskCount, stdoutPath, stderrPath,
  account, partition, qos, constraint, nodes, ntasksPerNode, cpusPerTask, gpusPerNode,
  mem (e.g. 16G or 1536M), time (HH:MM:SS, hours may exceed 24), logsDirQuoted, manifestQuoted,
  command (execution.command as a bash command line), checkCommand (outputs.validation.check_command,
  absent when there is none), cosmologyQuoted, catalogParamsQuoted (JSON), compressionQuoted.
-->
#!/bin/bash
#SBATCH --job-name=[=jobName]
#SBATCH --array=[=arraySpec]
#SBATCH --output=[=stdoutPath]
#SBATCH --error=[=stderrPath]
<#if account??>
#SBATCH --account=[=account]
</#if>
<#if partition??>
#SBATCH --partition=[=partition]
</#if>
<#if qos??>
#SBATCH --qos=[=qos]
</#if>
<#if constraint??>
#SBATCH --constraint=[=constraint]
</#if>
<#if nodes??>
#SBATCH --nodes=[=nodes]
</#if>
<#if ntasksPerNode??>
#SBATCH --ntasks-per-node=[=ntasksPerNode]
</#if>
<#if cpusPerTask??>
#SBATCH --cpus-per-task=[=cpusPerTask]
</#if>
<#if gpusPerNode??>
#SBATCH --gpus-per-node=[=gpusPerNode]
</#if>
<#if mem??>
#SBATCH --mem=[=mem]
</#if>
<#if time??>
#SBATCH --time=[=time]
</#if>
# Production [=production], batch [=batch]: [=taskCount] array tasks.
# Array task k runs line k+1 of the manifest (job_id, realization, redshift, output, attempt; tab-separated).
set -uo pipefail

pm_logs=[=logsDirQuoted]
pm_manifest=[=manifestQuoted]
pm_task_count=[=taskCount]
# The production's science parameters, the same for every task: science.cosmology,
# science.catalog_params (JSON) and outputs.compression.
export PM_COSMOLOGY=[=cosmologyQuoted] PM_CATALOG_PARAMS=[=catalogParamsQuoted] PM_COMPRESSION=[=compressionQuoted]

# The task id becomes part of file names below, so accept nothing but a plain array index.
if [[ ! "${SLURM_ARRAY_TASK_ID:-}" =~ ^[0-9]{1,9}$ ]]; then
    printf 'batch_[=batch]: SLURM_ARRAY_TASK_ID is missing or not an array index: "%s"\n' "${SLURM_ARRAY_TASK_ID:-}" >&2
    exit 97
fi
pm_task=$((10#$SLURM_ARRAY_TASK_ID))

# Line k+1 of the manifest, read with bash built-ins only (no interpreter starts per task).
pm_line=()
if ! mapfile -t -s "$pm_task" -n 1 pm_line < "$pm_manifest"; then
    printf 'batch_[=batch]: cannot read the manifest %s\n' "$pm_manifest" >&2
    exit 97
fi
if (( ${#pm_line[@]} == 0 )) || [[ -z "${pm_line[0]}" ]]; then
    printf 'batch_[=batch]: array task %s is out of range: the manifest %s has %s tasks (0-%s)\n' \
        "$pm_task" "$pm_manifest" "$pm_task_count" "$((pm_task_count - 1))" >&2
    exit 97
fi
IFS=$'\t' read -r PM_JOB_ID PM_REALIZATION PM_REDSHIFT PM_OUTPUT PM_ATTEMPT <<< "${pm_line[0]}"
if [[ -z "${PM_ATTEMPT:-}" ]]; then
    printf 'batch_[=batch]: manifest line %s is malformed: %s\n' "$((pm_task + 1))" "${pm_line[0]}" >&2
    exit 97
fi
export PM_JOB_ID PM_REALIZATION PM_REDSHIFT PM_OUTPUT PM_ATTEMPT

pm_marker="$pm_logs/batch_[=batch]_$pm_task"
pm_host="${HOSTNAME:-unknown}"
# A rerun of the same task (requeue, restart) must not leave an earlier run's outcome in place.
[[ -e "$pm_marker.exit" ]] && rm -f -- "$pm_marker.exit"
[[ -e "$pm_marker.check" ]] && rm -f -- "$pm_marker.check"
printf -v pm_start '%(%s)T' -1
printf 'job_id=%s\nattempt=%s\nstart=%s\nhost=%s\n' "$PM_JOB_ID" "$PM_ATTEMPT" "$pm_start" "$pm_host" > "$pm_marker.start" \
    || printf 'batch_[=batch]: cannot write %s\n' "$pm_marker.start" >&2

pm_outdir="${PM_OUTPUT%/*}"
# Test first: most output directories exist already, and mkdir is a process of its own.
if [[ -d "${pm_outdir:-/}" ]] || mkdir -p -- "${pm_outdir:-/}"; then
    [=command]
    pm_exit=$?
<#if checkCommand??>
    if (( pm_exit == 0 )); then
        # outputs.validation.check_command, after a successful job: its stdout and stderr go to the task's
        # logs; when it fails, its exit code and last stderr lines go to the .check marker, and the poll
        # fails the attempt as INVALID_OUTPUT with them.
        exec 3>&1
        pm_check_err="$([=checkCommand] 2>&1 1>&3)"
        pm_check_exit=$?
        exec 3>&-
        [[ -n "$pm_check_err" ]] && printf '%s\n' "$pm_check_err" >&2
        if (( pm_check_exit != 0 )); then
            mapfile -t pm_check_lines <<< "$pm_check_err"
            pm_from=$(( ${#pm_check_lines[@]} > 20 ? ${#pm_check_lines[@]} - 20 : 0 ))
            { printf 'exit=%s\n' "$pm_check_exit"; printf '%s\n' "${pm_check_lines[@]:pm_from}"; } > "$pm_marker.check" \
                || printf 'batch_[=batch]: cannot write %s\n' "$pm_marker.check" >&2
        fi
    fi
</#if>
else
    pm_exit=$?
    printf 'batch_[=batch]: cannot create the output directory %s\n' "$pm_outdir" >&2
fi

# The .exit marker appears complete or not at all: written to a temporary file, then renamed.
printf -v pm_end '%(%s)T' -1
if printf 'job_id=%s\nattempt=%s\nexit=%s\nstart=%s\nend=%s\nhost=%s\n' \
        "$PM_JOB_ID" "$PM_ATTEMPT" "$pm_exit" "$pm_start" "$pm_end" "$pm_host" > "$pm_marker.exit.tmp.$$"; then
    mv -f -- "$pm_marker.exit.tmp.$$" "$pm_marker.exit" \
        || printf 'batch_[=batch]: cannot write %s\n' "$pm_marker.exit" >&2
else
    printf 'batch_[=batch]: cannot write %s\n' "$pm_marker.exit" >&2
fi
exit "$pm_exit"
