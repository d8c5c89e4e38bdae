#!/usr/bin/env bash
# A real single-node SLURM on this machine, from Debian's packages: munge, slurmctld and slurmd, with
# two partitions, `cpu` (default) and `gpu`, on the same node, which advertises one GPU as a generic
# resource (GRES) so that the shipped profile's GPU requests are scheduled as they would be on a
# cluster (torch sees no CUDA here, so those jobs run on the CPU). No accounting database: the
# executor plugin reads job states with `squeue` (slurm-status-command in the profile), which needs
# MinJobAge well above its first status check (300 s against 3 x 40 s).
# Needs root (apt, daemons). Idempotent: a running SLURM is restarted with this configuration.
set -euo pipefail

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q slurmctld slurmd slurm-client munge
fi

host=$(hostname -s)
cpus=$(nproc)
memory_mb=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 1024 ))
spool=/var/spool/solidbench-slurm

pkill -x slurmctld || true
pkill -x slurmd || true
sleep 1
# a fresh controller: no node drained by an earlier configuration, job ids and logs from 1
rm -rf "$spool" /var/log/slurm
mkdir -p /etc/slurm "$spool/ctld" "$spool/d" /var/log/slurm /run/munge

# munge: the key every SLURM daemon and client authenticates with
if [ ! -s /etc/munge/munge.key ]; then
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
fi
chown munge:munge /etc/munge/munge.key /run/munge
chmod 400 /etc/munge/munge.key
pgrep -x munged >/dev/null || runuser -u munge -- /usr/sbin/munged

# the configuration sits at the standard path, where srun inside jobs finds it too
cat > /etc/slurm/slurm.conf <<CONF
ClusterName=solidbench
SlurmctldHost=$host
SlurmUser=root
AuthType=auth/munge
StateSaveLocation=$spool/ctld
SlurmdSpoolDir=$spool/d
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
GresTypes=gpu
MinJobAge=300
ReturnToService=2
SchedulerType=sched/backfill
NodeName=$host CPUs=$cpus RealMemory=$memory_mb Gres=gpu:1 State=UNKNOWN
PartitionName=cpu Nodes=$host Default=YES MaxTime=INFINITE State=UP
PartitionName=gpu Nodes=$host MaxTime=INFINITE State=UP
CONF
# a GPU GRES needs a device file; /dev/null stands in for /dev/nvidia0
echo "NodeName=$host Name=gpu File=/dev/null" > /etc/slurm/gres.conf

slurmctld
slurmd
for _ in $(seq 60); do
    if sinfo -h -N -o "%t" 2>/dev/null | grep -qE "^(idle|mix|alloc)"; then
        sinfo
        exit 0
    fi
    sleep 1
done
echo "SLURM did not come up; see /var/log/slurm/slurmctld.log and slurmd.log" >&2
tail -n 20 /var/log/slurm/slurmctld.log /var/log/slurm/slurmd.log >&2
exit 1
