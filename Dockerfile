# Build with the Maven wrapper, run the Spring Boot jar on a JRE. Tests run in CI (.ci/run), not here.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY src/ src/
RUN ./mvnw -B -ntp package -DskipTests && cp target/lowband-*.jar /src/app.jar

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/app.jar app.jar
ENV LOWBAND_DATA_DIR=/data
VOLUME /data
# HTTP (REST, Actuator), MQTT over TCP, MQTT over WebSocket
EXPOSE 8080 1883 8083
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
