using System.Net;

namespace Coordination.Silo.Tests.Live;

[Collection(HostCollection.Name)]
public sealed class HubAccessTests(HostFixture host)
{
    [Fact]
    public async Task Hub_WithoutAToken_RefusesTheConnection()
    {
        await using var connection = host.CreateHubConnection(token: null);

        var refusal = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, refusal.StatusCode);
    }

    [Fact]
    public async Task Hub_WithAForgedToken_RefusesTheConnection()
    {
        await using var connection = host.CreateHubConnection(token: "CfDJ8-not-a-token-this-host-issued");

        var refusal = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, refusal.StatusCode);
    }

    [Fact]
    public async Task Administrator_MayConnect_ButFollowsNoAudience()
    {
        await using var administrator = await host.ConnectAsync(Accounts.Administrator());

        Assert.Empty(administrator.Audiences);
        Assert.Empty(await administrator.GetSnapshotsAsync());
    }
}
