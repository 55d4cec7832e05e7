#!/bin/bash
# hold-memory.sh MEGABYTES OUTPUT CATALOG: holds about MEGABYTES of memory for three seconds (a bash string),
# then copies CATALOG to OUTPUT. A payload that is not the toy generator, for resource-usage tests.
held=$(head -c "$(( $1 * 1000000 ))" /dev/zero | tr '\0' 'x')
sleep 3
echo "held ${#held} bytes"
cp -- "$3" "$2"
