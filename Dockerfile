# syntax=docker/dockerfile:1
# The Coordination host (src/Silo): ASP.NET Core + SignalR + Blazor Server + a co-hosted Orleans silo.
#   docker build -t coordination-silo .
# A published build serves the static web assets (blazor.web.js, MudBlazor) outside Development.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source

# Restore first, from the project files alone, so that the package layer is cached across source edits.
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Grains/Coordination.Grains.csproj src/Grains/
COPY src/Dashboard/Coordination.Dashboard.csproj src/Dashboard/
COPY src/Silo/Coordination.Silo.csproj src/Silo/
RUN dotnet restore src/Silo/Coordination.Silo.csproj

COPY src/ src/
# ReadyToRun (PublishReadyToRun in the project): compiled for this stage's own architecture, which is the image's.
RUN dotnet publish src/Silo -c Release -o /app --no-restore -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./

# HTTP (pages, API, SignalR hub, Blazor circuits), Orleans silo-to-silo, Orleans gateway.
ENV ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080 11111 30000

# The non-root "app" user (UID 1654) that the .NET runtime images define.
USER $APP_UID

# "migrate" as the argument applies the schema and exits (the Kubernetes migration Job).
ENTRYPOINT ["dotnet", "Coordination.Silo.dll"]
