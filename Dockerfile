# Perimeter: build with Maven, run on a JRE 17 as a non-root user. The H2 database file lives on a volume.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
COPY templates ./templates
COPY static ./static
COPY data ./data
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /app perimeter \
 && mkdir -p /app /data && chown perimeter /data && chmod 700 /data
WORKDIR /app
COPY --from=build /src/target/perimeter.jar /app/perimeter.jar
USER perimeter
ENV PERIMETER_DB_URL="jdbc:h2:file:/data/perimeter;AUTO_SERVER=TRUE" \
    PERIMETER_PORT=7070
VOLUME ["/data"]
EXPOSE 7070
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/perimeter.jar"]
CMD ["serve"]
