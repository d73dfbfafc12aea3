{{/* Names. */}}
{{- define "codingintel.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "codingintel.fullname" -}}
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

{{/* The name of one component's objects: <fullname>-<component>. */}}
{{- define "codingintel.component" -}}
{{- printf "%s-%s" (include "codingintel.fullname" .root) .component | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "codingintel.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ include "codingintel.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: codingintel
{{- end }}

{{- define "codingintel.selectorLabels" -}}
app.kubernetes.io/name: {{ include "codingintel.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "codingintel.componentLabels" -}}
{{ include "codingintel.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* The image of a component (workers run the orchestrator image). */}}
{{- define "codingintel.image" -}}
{{- $image := ternary "orchestrator" .component (eq .component "workers") }}
{{- $digest := get .root.Values.image.digests .component }}
{{- if $digest }}
{{- printf "%s-%s@%s" .root.Values.image.repository $image $digest }}
{{- else }}
{{- printf "%s-%s:%s" .root.Values.image.repository $image (default .root.Chart.AppVersion .root.Values.image.tag) }}
{{- end }}
{{- end }}

{{/* Secret names and keys: the chart's own Secret unless an existing one is named. */}}
{{- define "codingintel.secretName" -}}
{{- include "codingintel.fullname" . }}
{{- end }}

{{- define "codingintel.databaseSecret" -}}
{{- default (include "codingintel.secretName" .) .Values.database.existingSecret }}
{{- end }}

{{- define "codingintel.redisSecret" -}}
{{- default (include "codingintel.secretName" .) .Values.redis.existingSecret }}
{{- end }}

{{- define "codingintel.redisHasPassword" -}}
{{- if or .Values.redis.password .Values.redis.existingSecret }}true{{ end }}
{{- end }}

{{- define "codingintel.redisHost" -}}
{{- if .Values.devStores.enabled }}
{{- include "codingintel.component" (dict "root" . "component" "redis") }}
{{- else }}
{{- required "redis.host is required" .Values.redis.host }}
{{- end }}
{{- end }}

{{- define "codingintel.postgresHost" -}}
{{- include "codingintel.component" (dict "root" . "component" "postgres") }}
{{- end }}

{{/* REDIS_URL, with the password from the REDIS_PASSWORD variable (dependent variable). */}}
{{- define "codingintel.redisUrl" -}}
{{- $scheme := ternary "rediss" "redis" .Values.redis.tls }}
{{- $auth := ternary ":$(REDIS_PASSWORD)@" "" (eq (include "codingintel.redisHasPassword" .) "true") }}
{{- printf "%s://%s%s:%v/%v" $scheme $auth (include "codingintel.redisHost" .) .Values.redis.port .Values.redis.db }}
{{- end }}

{{/* Redis variables; REDIS_PASSWORD comes first, REDIS_URL refers to it. */}}
{{- define "codingintel.redisEnv" -}}
{{- if eq (include "codingintel.redisHasPassword" .) "true" }}
- name: REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "codingintel.redisSecret" . }}
      key: {{ .Values.redis.existingSecretKey }}
{{- end }}
- name: REDIS_URL
  value: {{ include "codingintel.redisUrl" . | quote }}
{{- end }}

{{- define "codingintel.databaseEnv" -}}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "codingintel.databaseSecret" . }}
      key: {{ .Values.database.existingSecretKey }}
{{- end }}

{{/* Whether a backend service talks to Redis (the shared limiter) and an external API. */}}
{{- define "codingintel.external" -}}
{{- $v := .root.Values }}
{{- if or (and (eq .component "phi") (eq $v.phi.backend "comprehend")) (and (eq .component "coding") (eq $v.coding.backend "comprehend")) (and (eq .component "analysis") (eq $v.analysis.backend "openai")) }}true{{ end }}
{{- end }}

{{/* Pod-level settings shared by every pod of the chart. */}}
{{- define "codingintel.podCommon" -}}
{{- with .root.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml .root.Values.podSecurityContext | nindent 2 }}
{{- with .values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.topologySpreadConstraints }}
topologySpreadConstraints:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}
