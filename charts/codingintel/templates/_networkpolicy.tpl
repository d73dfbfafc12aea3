{{/* NetworkPolicy rule fragments. */}}
{{- define "codingintel.egress.dns" -}}
- to:
    {{- toYaml .Values.networkPolicy.dns.to | nindent 4 }}
  ports:
    - protocol: UDP
      port: {{ .Values.networkPolicy.dns.port }}
    - protocol: TCP
      port: {{ .Values.networkPolicy.dns.port }}
{{- if .Values.observability.otlp.endpoint }}
- ports:
    {{- range .Values.networkPolicy.otlp.ports }}
    - protocol: TCP
      port: {{ . }}
    {{- end }}
  {{- with .Values.networkPolicy.otlp.to }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
{{- end }}
{{- define "codingintel.egress.postgres" -}}
- ports:
    - protocol: TCP
      port: {{ .Values.networkPolicy.database.port }}
  {{- if .Values.devStores.enabled }}
  to:
    - podSelector:
        matchLabels:
          {{- include "codingintel.selectorLabels" (dict "root" . "component" "postgres") | nindent 10 }}
  {{- else if .Values.networkPolicy.database.to }}
  to:
    {{- toYaml .Values.networkPolicy.database.to | nindent 4 }}
  {{- end }}
{{- end }}
{{- define "codingintel.egress.redis" -}}
- ports:
    - protocol: TCP
      port: {{ .Values.redis.port }}
  {{- if .Values.devStores.enabled }}
  to:
    - podSelector:
        matchLabels:
          {{- include "codingintel.selectorLabels" (dict "root" . "component" "redis") | nindent 10 }}
  {{- else if .Values.networkPolicy.redisPeers }}
  to:
    {{- toYaml .Values.networkPolicy.redisPeers | nindent 4 }}
  {{- end }}
{{- end }}
{{- define "codingintel.ingress.metrics" -}}
- from:
    {{- toYaml .root.Values.networkPolicy.prometheus | nindent 4 }}
  ports:
    - protocol: TCP
      port: {{ .port }}
{{- end }}
