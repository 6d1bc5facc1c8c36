using Coordination.Grains.Concerns;

namespace Coordination.Grains.Tests.Concerns;

public sealed class ConcernDeadlineOptionsTests
{
    [Fact]
    public void ATenantOverridesOnlyTheStagesItSetsAndOtherTenantsKeepTheDefaults()
    {
        var options = new ConcernDeadlineOptions
        {
            Tenants = { ["malmo"] = new TenantStageDeadlines { Urgent = new StageDeadlines { Acceptance = TimeSpan.FromMinutes(5) } } },
        };

        Assert.Equal(TimeSpan.FromMinutes(5), options.For("malmo", Urgency.Urgent, ConcernStage.Acceptance));
        Assert.Equal(TimeSpan.FromHours(1), options.For("malmo", Urgency.Urgent, ConcernStage.Assignment));
        Assert.Equal(TimeSpan.FromMinutes(15), options.For("lund", Urgency.Urgent, ConcernStage.Acceptance));
        Assert.Empty(options.Problems());
    }

    [Fact]
    public void AZeroDeadlineIsAProblemNamedByItsConfigurationPath()
    {
        var options = new ConcernDeadlineOptions
        {
            Tenants = { ["malmo"] = new TenantStageDeadlines { ImmediateDanger = new StageDeadlines { Acceptance = TimeSpan.Zero } } },
        };

        Assert.Equal(["Concerns:Deadlines:Tenants:malmo:ImmediateDanger:Acceptance must be positive."], options.Problems());
    }
}
