{{/* The chart's name. */}}
{{- define "kairos.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's full name, the prefix of every object. */}}
{{- define "kairos.fullname" -}}
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

{{/* Labels of every object. */}}
{{- define "kairos.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "kairos.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Selector labels of one role (api or worker): call with (dict "root" . "role" "api"). */}}
{{- define "kairos.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kairos.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .role }}
{{- end }}

{{- define "kairos.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end }}

{{- define "kairos.secretName" -}}
{{- .Values.existingSecret | default (include "kairos.fullname" .) }}
{{- end }}

{{/* The API keys of one kind as the service reads them: a comma-separated list. */}}
{{- define "kairos.keyList" -}}
{{- range .keys }}
{{- if contains "," (toString .) }}
{{- fail (printf "security.%s: an API key may not contain a comma" $.kind) }}
{{- end }}
{{- end }}
{{- join "," .keys }}
{{- end }}

{{/* The write keys: security.writeKeys plus apiKey, the shorthand for one more. */}}
{{- define "kairos.writeKeys" -}}
{{- $keys := .Values.security.writeKeys | default list }}
{{- if .Values.apiKey }}
{{- $keys = append $keys .Values.apiKey }}
{{- end }}
{{- include "kairos.keyList" (dict "keys" $keys "kind" "writeKeys") }}
{{- end }}

{{- define "kairos.readKeys" -}}
{{- include "kairos.keyList" (dict "keys" (.Values.security.readKeys | default list) "kind" "readKeys") }}
{{- end }}

{{- define "kairos.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "kairos.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "kairos.kafkaSasl" -}}
{{- hasPrefix "SASL_" .Values.kafka.securityProtocol }}
{{- end }}

{{- define "kairos.kafkaTls" -}}
{{- or (eq .Values.kafka.securityProtocol "SSL") (eq .Values.kafka.securityProtocol "SASL_SSL") }}
{{- end }}

{{/*
The pod template of one role: call with (dict "root" . "role" "api" "values" .Values.api).
Both roles run the same image; kairos.roles.api / kairos.roles.worker choose what a pod does.
*/}}
{{- define "kairos.podTemplate" -}}
{{- $root := .root }}
{{- $values := $root.Values }}
metadata:
  labels:
    {{- include "kairos.selectorLabels" . | nindent 4 }}
    app.kubernetes.io/version: {{ $root.Chart.AppVersion | quote }}
    helm.sh/chart: {{ printf "%s-%s" $root.Chart.Name $root.Chart.Version | replace "+" "_" }}
    {{- with $values.podLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  annotations:
    checksum/config: {{ include (print $root.Template.BasePath "/configmap.yaml") $root | sha256sum }}
    {{- if not $values.existingSecret }}
    checksum/secret: {{ include (print $root.Template.BasePath "/secret.yaml") $root | sha256sum }}
    {{- end }}
    prometheus.io/scrape: "true"
    prometheus.io/port: {{ $values.ports.management | quote }}
    prometheus.io/path: /actuator/prometheus
    {{- with $values.podAnnotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  serviceAccountName: {{ include "kairos.serviceAccountName" $root }}
  automountServiceAccountToken: false
  terminationGracePeriodSeconds: {{ $values.terminationGracePeriodSeconds }}
  {{- with $values.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  securityContext:
    {{- toYaml $values.podSecurityContext | nindent 4 }}
  {{- if $values.topologySpread.enabled }}
  topologySpreadConstraints:
    {{- range $values.topologySpread.topologyKeys }}
    - maxSkew: {{ $values.topologySpread.maxSkew }}
      topologyKey: {{ . }}
      whenUnsatisfiable: {{ $values.topologySpread.whenUnsatisfiable }}
      labelSelector:
        matchLabels:
          {{- include "kairos.selectorLabels" $ | nindent 10 }}
    {{- end }}
  {{- end }}
  containers:
    - name: kairos
      image: {{ include "kairos.image" $root | quote }}
      imagePullPolicy: {{ $values.image.pullPolicy }}
      securityContext:
        {{- toYaml $values.securityContext | nindent 8 }}
      env:
        - name: KAIROS_ROLES_API
          value: {{ eq .role "api" | quote }}
        - name: KAIROS_ROLES_WORKER
          value: {{ eq .role "worker" | quote }}
        - name: SPRING_CONFIG_ADDITIONAL_LOCATION
          value: optional:file:/etc/kairos/
        - name: JAVA_TOOL_OPTIONS
          value: {{ printf "-XX:MaxRAMPercentage=%v -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp %s" $values.jvm.maxRamPercentage $values.jvm.extraOptions | trim | quote }}
        # kairos.security.write-keys / read-keys, comma-separated, from the Secret
        - name: KAIROS_SECURITY_WRITE_KEYS
          valueFrom:
            secretKeyRef:
              name: {{ include "kairos.secretName" $root }}
              key: KAIROS_SECURITY_WRITE_KEYS
              optional: true
        - name: KAIROS_SECURITY_READ_KEYS
          valueFrom:
            secretKeyRef:
              name: {{ include "kairos.secretName" $root }}
              key: KAIROS_SECURITY_READ_KEYS
              optional: true
        - name: SPRING_DATA_REDIS_USERNAME
          valueFrom:
            secretKeyRef:
              name: {{ include "kairos.secretName" $root }}
              key: SPRING_DATA_REDIS_USERNAME
              optional: true
        - name: SPRING_DATA_REDIS_PASSWORD
          valueFrom:
            secretKeyRef:
              name: {{ include "kairos.secretName" $root }}
              key: SPRING_DATA_REDIS_PASSWORD
              optional: true
        {{- if eq (include "kairos.kafkaSasl" $root) "true" }}
        - name: KAFKA_SASL_USERNAME
          valueFrom:
            secretKeyRef:
              name: {{ include "kairos.secretName" $root }}
              key: KAFKA_SASL_USERNAME
        - name: KAFKA_SASL_PASSWORD
          valueFrom:
            secretKeyRef:
              name: {{ include "kairos.secretName" $root }}
              key: KAFKA_SASL_PASSWORD
        {{- end }}
        {{- if eq (include "kairos.kafkaTls" $root) "true" }}
        - name: SPRING_KAFKA_SSL_TRUST_STORE_PASSWORD
          valueFrom:
            secretKeyRef:
              name: {{ include "kairos.secretName" $root }}
              key: KAFKA_TRUSTSTORE_PASSWORD
        {{- end }}
        {{- if eq .role "worker" }}
        # the slate join's RocksDB stores, on their own volume (not /tmp's small one)
        - name: KAIROS_LEARNING_STATE_DIRECTORY
          value: /var/lib/kairos/join
        {{- end }}
        {{- with .values.extraEnv }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      ports:
        {{- if eq .role "api" }}
        - name: http
          containerPort: {{ $values.ports.http }}
          protocol: TCP
        {{- end }}
        - name: management
          containerPort: {{ $values.ports.management }}
          protocol: TCP
      startupProbe:
        httpGet:
          path: /actuator/health/liveness
          port: management
        periodSeconds: {{ $values.probes.startup.periodSeconds }}
        failureThreshold: {{ $values.probes.startup.failureThreshold }}
      livenessProbe:
        httpGet:
          path: /actuator/health/liveness
          port: management
        periodSeconds: {{ $values.probes.liveness.periodSeconds }}
        timeoutSeconds: {{ $values.probes.liveness.timeoutSeconds }}
        failureThreshold: {{ $values.probes.liveness.failureThreshold }}
      readinessProbe:
        httpGet:
          path: /actuator/health/readiness
          port: management
        periodSeconds: {{ $values.probes.readiness.periodSeconds }}
        timeoutSeconds: {{ $values.probes.readiness.timeoutSeconds }}
        failureThreshold: {{ $values.probes.readiness.failureThreshold }}
      resources:
        {{- toYaml .values.resources | nindent 8 }}
      volumeMounts:
        - name: tmp
          mountPath: /tmp
        {{- if eq .role "worker" }}
        - name: join-state
          mountPath: /var/lib/kairos/join
        {{- end }}
        - name: config
          mountPath: /etc/kairos
          readOnly: true
        {{- if eq (include "kairos.kafkaTls" $root) "true" }}
        - name: kafka-truststore
          mountPath: /etc/kairos-kafka-tls
          readOnly: true
        {{- end }}
  volumes:
    - name: tmp
      emptyDir:
        sizeLimit: {{ $values.tmpSizeLimit }}
    {{- if eq .role "worker" }}
    # survives a container restart in the pod, so a restarted worker restores only what changed
    - name: join-state
      emptyDir:
        sizeLimit: {{ .values.joinStateSizeLimit }}
    {{- end }}
    - name: config
      configMap:
        name: {{ include "kairos.fullname" $root }}
    {{- if eq (include "kairos.kafkaTls" $root) "true" }}
    - name: kafka-truststore
      secret:
        secretName: {{ required "kafka.tls.truststoreSecret is required with SSL or SASL_SSL" $values.kafka.tls.truststoreSecret }}
    {{- end }}
  {{- with $values.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $values.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $values.affinity }}
  affinity:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
