# ruff: noqa
# source: https://github.com/starry-sky6688/MADDPG/issues/27
# cause: actor_loss was computed through the critic network, and critic_optim.step() updates the critic in place before actor_loss.backward() uses its old weights; update the critic after the actor.
# class: 2
# mistake: line 36, variable critic_optim
# fix: delete line 34
# fix: delete line 35
# fix: delete line 36
# fix: insert after line 40: self.critic_optim.zero_grad()\ncritic_loss.backward()\nself.critic_optim.step()
# error: RuntimeError: one of the variables needed for gradient computation has been modified by an inplace operation
# expect: runs clean; agent.actor[0].weight.grad is not None
# cause-words: critic_optim|step(), critic|weights|parameters
# fix-words: after|before|order|move|swap

import torch
import torch.nn as nn


class MADDPG:
    def __init__(self, obs_dim=6, act_dim=2):
        self.actor = nn.Sequential(nn.Linear(obs_dim, 32), nn.ReLU(), nn.Linear(32, act_dim), nn.Tanh())
        self.critic = nn.Sequential(nn.Linear(obs_dim + act_dim, 32), nn.ReLU(), nn.Linear(32, 1))
        self.actor_optim = torch.optim.Adam(self.actor.parameters(), lr=1e-4)
        self.critic_optim = torch.optim.Adam(self.critic.parameters(), lr=1e-3)

    def train(self, o, u, r, o_next, gamma=0.95):
        with torch.no_grad():
            q_next = self.critic(torch.cat([o_next, self.actor(o_next)], dim=1))
            target_q = r + gamma * q_next
        q_value = self.critic(torch.cat([o, u], dim=1))
        critic_loss = (target_q - q_value).pow(2).mean()
        actor_loss = -self.critic(torch.cat([o, self.actor(o)], dim=1)).mean()

        self.critic_optim.zero_grad()
        critic_loss.backward()
        self.critic_optim.step()

        self.actor_optim.zero_grad()
        actor_loss.backward()
        self.actor_optim.step()


agent = MADDPG()
for step in range(2):
    agent.train(torch.randn(16, 6), torch.randn(16, 2), torch.randn(16, 1), torch.randn(16, 6))
