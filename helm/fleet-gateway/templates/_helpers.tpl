{{/* Chart name, overridable. */}}
{{- define "fleet-gateway.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Fully qualified app name; 63 characters is the DNS label limit of Service names. */}}
{{- define "fleet-gateway.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "fleet-gateway.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "fleet-gateway.labels" -}}
helm.sh/chart: {{ include "fleet-gateway.chart" . }}
{{ include "fleet-gateway.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "fleet-gateway.selectorLabels" -}}
app.kubernetes.io/name: {{ include "fleet-gateway.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "fleet-gateway.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "fleet-gateway.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "fleet-gateway.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}

{{/* Name of the Secret holding the PostgreSQL URL and credentials. */}}
{{/* The Secret of the bootstrap admin key, or empty when the gateway generates one itself. */}}
{{- define "fleet-gateway.apiKeySecret" -}}
{{- if .Values.apiKeys.existingSecret }}{{ .Values.apiKeys.existingSecret }}{{- else if .Values.apiKeys.bootstrapKey }}{{ printf "%s-api-key" (include "fleet-gateway.fullname" .) }}{{- end }}
{{- end }}

{{- define "fleet-gateway.postgresqlSecret" -}}
{{- default (printf "%s-postgresql" (include "fleet-gateway.fullname" .)) .Values.postgresql.existingSecret }}
{{- end }}

{{/*
The replicas form one cluster (gateway.cluster.enabled): as set, or by default when PostgreSQL holds the shared
state and there is more than one replica.
*/}}
{{- define "fleet-gateway.cluster" -}}
{{- $on := .Values.cluster.enabled }}
{{- if kindIs "invalid" $on }}
{{- $on = and .Values.postgresql.enabled (gt (int .Values.replicaCount) 1) }}
{{- end }}
{{- if $on }}true{{ end }}
{{- end }}

{{/* The Secret holding the internal secret of the cluster. */}}
{{- define "fleet-gateway.clusterSecret" -}}
{{- default (printf "%s-cluster" (include "fleet-gateway.fullname" .)) .Values.cluster.existingSecret }}
{{- end }}

{{/* The embedded H2 file store is in use unless PostgreSQL is. */}}
{{- define "fleet-gateway.h2" -}}
{{- if not .Values.postgresql.enabled }}true{{ end }}
{{- end }}

{{/*
Spring relaxed binding of environment variables: dots become underscores, dashes go, all upper case
(gateway.modules.read-idle -> GATEWAY_MODULES_READIDLE). Also right for camelCase keys.
*/}}
{{- define "fleet-gateway.envName" -}}
{{- . | replace "." "_" | replace "-" "" | upper }}
{{- end }}

{{/*
Renders a value as Spring reads it. Helm parses numbers as float64, which print as 1e+06; whole
numbers are printed as integers.
*/}}
{{- define "fleet-gateway.envValue" -}}
{{- if and (kindIs "float64" .) (eq . (floor .)) }}{{ int64 . }}{{ else }}{{ toString . }}{{ end }}
{{- end }}

{{/*
Flattens a tree of typed settings into "ENV_NAME: value" YAML lines; null leaves are left out so the
application default applies. Arguments: prefix (env name so far) and values (the map).
*/}}
{{- define "fleet-gateway.settingsEnv" -}}
{{- $prefix := .prefix }}
{{- range $key, $value := .values }}
{{- $name := printf "%s_%s" $prefix (include "fleet-gateway.envName" $key) }}
{{- if kindIs "map" $value }}
{{ include "fleet-gateway.settingsEnv" (dict "prefix" $name "values" $value) }}
{{- else if not (kindIs "invalid" $value) }}
{{ $name }}: {{ include "fleet-gateway.envValue" $value | quote }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Duration in whole seconds, for the Kubernetes fields that must match a Spring duration.
Accepts what values.schema.json allows: a number with unit ms, s, m or h.
*/}}
{{- define "fleet-gateway.seconds" -}}
{{- $v := toString . }}
{{- if hasSuffix "ms" $v }}{{ div (add (trimSuffix "ms" $v | int) 999) 1000 }}
{{- else if hasSuffix "s" $v }}{{ trimSuffix "s" $v | int }}
{{- else if hasSuffix "m" $v }}{{ mul (trimSuffix "m" $v | int) 60 }}
{{- else if hasSuffix "h" $v }}{{ mul (trimSuffix "h" $v | int) 3600 }}
{{- else }}{{ fail (printf "%q is not a duration with unit ms, s, m or h" $v) }}
{{- end }}
{{- end }}

{{/*
Time Kubernetes waits after SIGTERM before SIGKILL: the preStop sleep, then the HTTP drain and the
module-port drain (each a Spring shutdown phase bounded by the phase timeout), plus a margin for the
JVM to exit. Too short and modules see a reset instead of a clean close.
*/}}
{{- define "fleet-gateway.terminationGracePeriodSeconds" -}}
{{- if .Values.shutdown.terminationGracePeriodSeconds }}
{{- .Values.shutdown.terminationGracePeriodSeconds }}
{{- else }}
{{- $phase := include "fleet-gateway.seconds" .Values.shutdown.phaseTimeout | int }}
{{- $grace := include "fleet-gateway.seconds" .Values.gateway.modules.shutdownGrace | int }}
{{- add .Values.shutdown.preStopSleepSeconds $phase $grace 5 }}
{{- end }}
{{- end }}

{{/* Every environment variable of the container, as a map name -> value (secrets are added apart). */}}
{{/*
Name of the Secret with the module port's certificate.
*/}}
{{- define "fleet-gateway.tlsSecret" -}}
{{- .Values.tls.existingSecret | default (printf "%s-tls" (include "fleet-gateway.fullname" .)) }}
{{- end }}

{{/*
The SSL bundle "modules" over the mounted Secret, reloaded when the files change, and the TLS settings.
*/}}
{{- define "fleet-gateway.tlsEnv" -}}
{{- if .Values.tls.enabled }}
{{- $dir := .Values.tls.mountPath }}
GATEWAY_MODULES_TLS_BUNDLE: modules
GATEWAY_MODULES_TLS_PORT: {{ include "fleet-gateway.envValue" .Values.tls.port | quote }}
GATEWAY_MODULES_TLS_PLAINPORT: {{ .Values.tls.plainPort | quote }}
GATEWAY_MODULES_TLS_CLIENTAUTH: {{ .Values.tls.clientAuth | quote }}
{{- with .Values.tls.keyFrom }}
GATEWAY_MODULES_TLS_KEYFROM: {{ . | quote }}
{{- end }}
SPRING_SSL_BUNDLE_PEM_MODULES_KEYSTORE_CERTIFICATE: {{ printf "file:%s/tls.crt" $dir | quote }}
SPRING_SSL_BUNDLE_PEM_MODULES_KEYSTORE_PRIVATEKEY: {{ printf "file:%s/tls.key" $dir | quote }}
{{- if ne .Values.tls.clientAuth "NONE" }}
SPRING_SSL_BUNDLE_PEM_MODULES_TRUSTSTORE_CERTIFICATE: {{ printf "file:%s/ca.crt" $dir | quote }}
{{- end }}
SPRING_SSL_BUNDLE_PEM_MODULES_RELOADONUPDATE: "true"
{{- if .Values.tls.http }}
SERVER_SSL_BUNDLE: modules
{{- end }}
{{- else if .Values.tls.http }}
{{- fail "tls.http serves HTTPS from the TLS Secret: it needs tls.enabled" }}
{{- end }}
{{- end }}

{{- define "fleet-gateway.env" -}}
{{- $env := dict }}
{{- $_ := set $env "SERVER_PORT" (include "fleet-gateway.envValue" .Values.server.port) }}
{{- $_ := set $env "MANAGEMENT_SERVER_PORT" (include "fleet-gateway.envValue" .Values.management.port) }}
{{- $_ := set $env "SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE" .Values.shutdown.phaseTimeout }}
{{- $gateway := include "fleet-gateway.settingsEnv" (dict "prefix" "GATEWAY" "values" .Values.gateway) | fromYaml }}
{{- $env = merge $gateway $env }}
{{- $env = merge (include "fleet-gateway.tlsEnv" . | fromYaml) $env }}
{{- with include "fleet-gateway.outboundAllow" . }}
{{- $_ := set $env "GATEWAY_OUTBOUND_ALLOW" . }}
{{- end }}
{{- if and .Values.networkPolicy.enabled .Values.networkPolicy.egress.enabled }}
{{- /* The network admits only the allow-list: the application refuses the rest with a 403 problem at once,
       rather than dialling into a connect timeout. */}}
{{- $_ := set $env "GATEWAY_OUTBOUND_ALLOWPUBLIC" "false" }}
{{- else if not (kindIs "invalid" .Values.outbound.allowPublic) }}
{{- $_ := set $env "GATEWAY_OUTBOUND_ALLOWPUBLIC" (toString .Values.outbound.allowPublic) }}
{{- end }}
{{- if .Values.dataPlane.enabled }}
{{- $_ := set $env "GATEWAY_DATAPLANE_ENABLED" "true" }}
{{- $_ := set $env "GATEWAY_DATAPLANE_PORT" (include "fleet-gateway.envValue" .Values.dataPlane.port) }}
{{- end }}
{{- if include "fleet-gateway.cluster" . }}
{{- $_ := set $env "GATEWAY_CLUSTER_ENABLED" "true" }}
{{- $_ := set $env "GATEWAY_CLUSTER_INTERNALPORT" (include "fleet-gateway.envValue" .Values.cluster.internalPort) }}
{{- with .Values.cluster.lease }}
{{- $_ := set $env "GATEWAY_CLUSTER_LEASE" . }}
{{- end }}
{{- with .Values.cluster.renewInterval }}
{{- $_ := set $env "GATEWAY_CLUSTER_RENEWINTERVAL" . }}
{{- end }}
{{- end }}
{{- if .Values.postgresql.enabled }}
{{- $_ := set $env "SPRING_PROFILES_ACTIVE" "postgres" }}
{{- else }}
{{- $_ := set $env "SPRING_DATASOURCE_URL" (printf "jdbc:h2:file:%s/fleet-gateway;DB_CLOSE_ON_EXIT=FALSE" .Values.persistence.mountPath) }}
{{- end }}
{{- with .Values.logging.format }}
{{- $_ := set $env "LOGGING_STRUCTURED_FORMAT_CONSOLE" . }}
{{- end }}
{{- if .Values.jvm.options }}
{{- $_ := set $env "JDK_JAVA_OPTIONS" .Values.jvm.options }}
{{- end }}
{{- /* config: last, so a property set there wins over the typed keys above. */}}
{{- range $property, $value := .Values.config }}
{{- $_ := set $env (include "fleet-gateway.envName" $property) (include "fleet-gateway.envValue" $value) }}
{{- end }}
{{- toYaml $env }}
{{- end }}

{{/*
outbound.allow as gateway.outbound.allow entries, comma-separated: CIDR, then :port or :port-endPort (an IPv6
network in brackets before its port). The NetworkPolicy renders the same entries as egress rules.
*/}}
{{- define "fleet-gateway.outboundAllow" -}}
{{- $entries := list }}
{{- range .Values.outbound.allow }}
{{- $entry := .cidr }}
{{- if .port }}
{{- $ports := toString (int .port) }}
{{- if .endPort }}
{{- $ports = printf "%d-%d" (int .port) (int .endPort) }}
{{- end }}
{{- $entry = printf (ternary "[%s]:%s" "%s:%s" (contains ":" .cidr)) .cidr $ports }}
{{- end }}
{{- $entries = append $entries $entry }}
{{- end }}
{{- join "," $entries }}
{{- end }}
